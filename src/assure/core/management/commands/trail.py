"""`assure trail verify`: walk the trail's hash chain and say whether it is intact."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core.trail import verify


class Command(BaseCommand):
    help = "Check the audit trail. `verify` walks its hash chain from the first event."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        check = sub.add_parser(
            "verify",
            help="Walk the chain; exit 1 and name the first broken or missing link",
        )
        check.add_argument("--database", default="default", help="Database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(n: int) -> None:
            sys.stderr.write(f"  {n:,} events checked\n")

        verdict = verify(using=options["database"], progress=progress)
        if not verdict.intact:
            raise CommandError(
                f"trail broken at event {verdict.broken_at}: {verdict.problem}. "
                f"The {verdict.events} events before it are intact."
            )
        self.stdout.write(f"trail intact: {verdict.events} events")
        self.stdout.write(f"last hash: {verdict.last_hash}")
