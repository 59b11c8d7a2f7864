"""`assure import annex-a PATH`: validate an Annex A and load all of it, or none of it."""

from __future__ import annotations

import json
import sys
import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.insight.case_sync import cases_sync
from assure.insight.services import snapshot_import


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of {text!r} is not a date; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    # Django's system checks load every URL and view (the chart engine, the PDF writer):
    # most of a second that a data command run by a script need not pay; `assure check`
    # and every web worker still run them.
    requires_system_checks: list[str] = []
    help = (
        "Import an Ofsted Annex A (an .xlsx workbook or a folder of 'List N.csv' files). "
        "The whole file lands or nothing does; --report writes what was found."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="The .xlsx workbook or the CSV folder.")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="Extract date, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="Write the import report (JSON: the first 1,000 problems, their total "
            "and a summary by sheet, column and problem) here.",
        )
        parser.add_argument(
            "--problems",
            type=Path,
            default=None,
            help="Write every problem found (CSV: sheet, row, column, value, problem, action) "
            "here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_day(options["as_of"]) if options["as_of"] else None
        report_path = Path(options["report"]) if options["report"] else None
        problems_path = Path(options["problems"]) if options["problems"] else None
        for path in (report_path, problems_path):
            if path is not None and not path.parent.is_dir():
                raise CommandError(f"Cannot write {path}: its folder does not exist.")
        started = time.monotonic()

        def progress(message: str) -> None:
            # Progress goes to stderr so stdout stays clean for scripts.
            sys.stderr.write(f"[{time.monotonic() - started:6.1f}s] {message}\n")
            sys.stderr.flush()

        result = snapshot_import(path=Path(options["path"]), as_of=as_of, progress=progress)
        if report_path is not None:
            report_path.write_text(json.dumps(result.report(), indent=2) + "\n", encoding="utf-8")
        if problems_path is not None:
            written = result.write_problems(problems_path)
            progress(f"Wrote {written} problem(s) to {problems_path}")
        if result.status != "imported":
            raise CommandError(f"Annex A rejected: {result.message}")
        rows = ", ".join(f"{name}: {count}" for name, count in result.rows.items())
        self.stdout.write(
            f"Imported Annex A as at {result.as_of.isoformat()} ({rows}); "
            f"{result.problems_total} problem(s) noted."
        )
        for row in result.problem_summary[:5]:
            where = f"{row['sheet']}, {row['column']}" if row["column"] else row["sheet"]
            self.stdout.write(f"  {row['count']:>9,} x {where}: {row['problem']}")
        assert result.snapshot is not None
        sync = cases_sync(snapshot=result.snapshot)
        if sync.report is None:
            self.stdout.write("Cases unchanged: a newer extract is already imported.")
        else:
            self.stdout.write("Cases: " + "; ".join(sync.report.lines()))
            if sync.unmatched_team:
                self.stdout.write(
                    f"{sync.unmatched_team} open children left alone: their team is not "
                    "matched yet (map the team names, then import again)."
                )
