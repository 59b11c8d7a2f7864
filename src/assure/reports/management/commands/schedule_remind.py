"""`assure schedule remind [--now YYYY-MM-DDTHH:MM]`: remind owners of reports soon due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core import clock
from assure.reports.schedule import schedule_remind


class Command(BaseCommand):
    help = (
        "Remind each owner of a report of the reporting schedule due within the next 5 "
        "working days or due that day, once per report and due date (running it twice sends "
        "nothing more)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="Act as if it were this local time, YYYY-MM-DDTHH:MM (default: now)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        if options["now"]:
            try:
                now = clock.moment_from_text(options["now"])
            except ValueError:
                raise CommandError("--now must look like 2026-09-30T08:00") from None
        sent = schedule_remind(now)
        self.stdout.write(f"Reminders sent: {sent}.")
