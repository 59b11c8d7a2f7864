from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.org.case_loads import CASE_COLUMNS, cases_load, read_case_csv


class Command(BaseCommand):
    help = (
        "Load a case-list CSV (UTF-8, header in row 1) with the columns "
        f"{', '.join(CASE_COLUMNS)}: opens, moves, reassigns and closes cases. "
        "Whole file or nothing; --dry-run says what would change and saves nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report only; save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No file at {path}")
        rows, problems = read_case_csv(path.read_bytes())
        if problems:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(map(str, problems)))
        self.stderr.write(f"Checking {len(rows):,} rows...")
        report = cases_load(actor=None, rows=rows, source=path.name, dry_run=options["dry_run"])
        if not report.ok:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(report.lines()))
        heading = "Loaded" if report.saved else "Dry run, nothing saved"
        self.stdout.write(f"{heading}: " + "; ".join(report.lines()))
