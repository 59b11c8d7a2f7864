from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.actions.jobs import actions_remind
from assure.core import clock


class Command(BaseCommand):
    help = "Send the reminders and escalations overdue actions are due (safe to run repeatedly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="Act as if it were this local time, YYYY-MM-DDTHH:MM (default: now)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        if options["now"]:
            try:
                now = clock.moment_from_text(options["now"])
            except ValueError:
                raise CommandError("--now must look like 2026-09-30T08:00") from None
        run = actions_remind(now)
        self.stdout.write(f"Actions: {run}.")
