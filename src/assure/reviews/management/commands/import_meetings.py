from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.reviews.importer import meetings_import


class Command(BaseCommand):
    help = (
        "Import child protection conferences and child in care reviews from a CSV file "
        "(format: docs/meetings-import.md). Every row is checked first; one problem rejects "
        "the whole file. Re-importing a meeting_id already loaded changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The CSV file")
        parser.add_argument("--report", help="Write the result as JSON to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        self.stdout.write(f"Checking {path.name}...")
        result = meetings_import(actor=None, data=path.read_bytes(), source=path.name)
        if options["report"]:
            Path(options["report"]).write_text(
                json.dumps(
                    {
                        "status": result.status,
                        "rows": result.rows,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "problems": [p.as_dict() for p in result.problems],
                    },
                    indent=2,
                )
            )
        for problem in result.problems[:200]:
            self.stderr.write(
                f"row {problem.row}, column {problem.column or '-'}: {problem.problem}"
                + (f" (value {problem.value!r})" if problem.value else "")
            )
        if result.status == "rejected":
            raise CommandError(result.message)
        self.stdout.write(result.message)
