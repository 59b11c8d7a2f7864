"""`assure benchmark`: every Part B indicator for one authority and year, as JSON."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.insight.benchmarks import DEFAULT_DATA_DIR, BenchmarkError, benchmark


class Command(BaseCommand):
    help = (
        "Benchmark a local authority against England, its region and its statistical "
        "neighbours on the DfE published statistics, writing JSON."
    )
    # Reads CSV files only (no database, no URLs), so the project checks add nothing but time.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--la", required=True, help="DfE old LA code (three digits, e.g. 886 for Kent)."
        )
        parser.add_argument("--year", required=True, type=int, help="Reporting year, e.g. 2025.")
        parser.add_argument("--out", required=True, type=Path, help="JSON file to write.")
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help=f"Folder of DfE CSV files (default: the files shipped, {DEFAULT_DATA_DIR}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # call_command() may hand over plain strings for options it does not parse.
        out = Path(options["out"])
        data_dir = Path(options["data"]) if options["data"] else None
        if not out.parent.is_dir():
            raise CommandError(
                f"Cannot write {out}: folder {out.parent} does not exist; create it first."
            )
        try:
            result = benchmark(options["la"], options["year"], data_dir=data_dir)
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        try:
            out.write_text(json.dumps(result.as_json(), indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error.strerror}.") from error
        missing = sorted(k for k, c in result.indicators.items() if c.value is None)
        name = f" ({result.la_name})" if result.la_name else ""
        self.stdout.write(
            f"Wrote {len(result.indicators)} indicators for {result.la}{name}, "
            f"{result.year}, to {out}."
        )
        if missing:
            self.stdout.write(f"No published value for: {', '.join(missing)}.")
