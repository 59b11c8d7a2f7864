"""`assure indicators`: every Part A indicator from the latest Annex A, as CSV and JSON."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.insight.indicators import write_csv, write_json
from assure.insight.models import AnnexASnapshot
from assure.insight.services import indicators_compute

from .import_annex_a import parse_day


class Command(BaseCommand):
    # Django's system checks load every URL and view (the chart engine, the PDF writer):
    # most of a second that a data command run by a script need not pay; `assure check`
    # and every web worker still run them.
    requires_system_checks: list[str] = []
    help = (
        "Compute every Part A indicator at every level from the latest Annex A imported on "
        "or before --as-of, writing DIR/indicators.csv and DIR/indicators.json."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--as-of", dest="as_of", required=True, help="YYYY-MM-DD.")
        parser.add_argument("--out", required=True, type=Path, help="Folder to write into.")
        parser.add_argument(
            "--population",
            type=int,
            default=None,
            help="0-17 population for rates per 10,000 (default: ASSURE_POPULATION_0_17).",
        )
        parser.add_argument(
            "--la", default=None, help="Authority code used as the unit at level la."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_day(options["as_of"])
        population = int(options["population"]) if options["population"] is not None else None
        if population is not None and population <= 0:
            raise CommandError("--population must be a positive whole number.")
        out = Path(options["out"])
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot create {out}: {error.strerror}.") from error
        sys.stderr.write(f"Computing indicators as at {as_of.isoformat()}\n")
        try:
            snapshot, rows = indicators_compute(
                as_of=as_of, population=population, la_code=options["la"]
            )
        except AnnexASnapshot.DoesNotExist as missing:
            raise CommandError(f"{missing} Import one with `assure import annex-a`.") from None
        write_csv(rows, out / "indicators.csv")
        write_json(rows, out / "indicators.json")
        self.stdout.write(
            f"Wrote {len(rows)} rows from {snapshot} to {out / 'indicators.csv'} and "
            f"{out / 'indicators.json'}."
        )
