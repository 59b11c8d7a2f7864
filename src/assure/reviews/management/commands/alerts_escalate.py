from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core import clock
from assure.reviews.services import alerts_escalate


class Command(BaseCommand):
    help = (
        "Move every practice alert whose stage is overdue up one stage and notify the new "
        "stage's manager. Running it twice changes nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="The moment to escalate at, YYYY-MM-DDTHH:MM (Europe/London); default: now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        if options["now"]:
            try:
                parsed = datetime.fromisoformat(options["now"])
            except ValueError:
                raise CommandError(f"--now {options['now']!r} is not YYYY-MM-DDTHH:MM.") from None
            now = parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo("Europe/London"))
        moved = alerts_escalate(now=now)
        self.stdout.write(f"Escalated {moved} practice alert{'s' if moved != 1 else ''}.")
