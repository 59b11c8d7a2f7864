"""`assure import structure|staff PATH [--dry-run] [--as USERNAME]`: the pages' CSV imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assure.org.csv_import import staff_import, structure_import
from assure.org.models import User

IMPORTERS = {"structure": structure_import, "staff": staff_import}


def _administrator(username: str | None) -> User:
    """Whose import this is: the trail names them, and the rules (no self-grant) apply to them."""
    admins = User.objects.filter(is_active=True, role_assignments__role="administrator").distinct()
    if username:
        person = admins.filter(username=username).first()
        if person is None:
            raise CommandError(f"{username} is not an active administrator.")
        return person
    only = list(admins[:2])
    if len(only) != 1:
        raise CommandError("Say which administrator this import is for: --as USERNAME.")
    return only[0]


class Command(BaseCommand):
    help = (
        "Load the structure or the staff from CSV (the formats of the administration pages and "
        "their templates). Whole file or nothing; --dry-run checks and reports, saving nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report only; save nothing")
        parser.add_argument(
            "--as",
            dest="as_user",
            help="The administrator the import is made by (needed when there are several)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        actor = _administrator(options["as_user"])
        with transaction.atomic():
            outcome = IMPORTERS[options["kind"]](actor=actor, text=path.read_bytes())
            if options["dry_run"]:
                transaction.set_rollback(True)
        if not outcome.ok:
            raise CommandError(
                "Nothing was loaded:\n  " + "\n  ".join(str(p) for p in outcome.problems)
            )
        made = ", ".join(f"{n} {what}" for what, n in outcome.created.items()) or "nothing new"
        verb = "Dry run, nothing saved; it would create" if options["dry_run"] else "Loaded"
        self.stdout.write(f"{verb}: {made}.")
