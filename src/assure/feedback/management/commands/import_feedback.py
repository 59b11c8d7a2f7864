from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.feedback.importer import feedback_import
from assure.feedback.models import Channel


class Command(BaseCommand):
    help = (
        "Import feedback received elsewhere (a complaints and compliments log, a staff "
        "survey, advocacy and independent visitor returns, children in care council asks) "
        "from a UTF-8 CSV file with its header in row 1. Columns: received_on "
        "(YYYY-MM-DD or DD/MM/YYYY) and text; optionally team, district, rating (1 to 5), "
        "themes (separated by ;) and response. Every row is checked first: one problem "
        "rejects the whole file, each named by its spreadsheet row (the header is row 1) "
        "and column."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            help="The CSV file: received_on, text, and optionally team, district, rating, "
            "themes, response",
        )
        parser.add_argument(
            "--channel",
            required=True,
            choices=Channel.values,
            help="Where the feedback came from: " + ", ".join(Channel.values),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        result = feedback_import(
            actor=None, data=path.read_bytes(), channel=options["channel"], source=path.name
        )
        for problem in result.problems[:500]:
            self.stderr.write(
                f"row {problem.row}, column {problem.column or '-'}: {problem.problem}"
                + (f" (value {problem.value!r})" if problem.value else "")
            )
        if result.status == "rejected":
            raise CommandError(result.message)
        self.stdout.write(result.message)
