"""`assure report triannual --period YYYY-TN --format docx|html|pdf --out FILE`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assure.core import trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.reports.triannual import Period, TriannualContext, build, triannual_document


class Command(BaseCommand):
    help = (
        "Write the triannual learning and improvement report for a period (2026-T3 is "
        "September to December 2026; an audit belongs to the period it was finalised in) "
        "as Word, HTML or PDF."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", required=True, help="YYYY-TN, for example 2026-T3.")
        parser.add_argument("--format", required=True, choices=("docx", "html", "pdf"))
        parser.add_argument("--out", required=True, type=Path, help="The file to write.")
        parser.add_argument(
            "--public",
            action="store_true",
            help="The version for elected members and children in care councils: "
            "counts under 5 hidden.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = Period.parse(options["period"])
        except InvalidInput as error:
            raise CommandError(error.errors["period"]) from None
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"--out: the folder {out.parent} does not exist.")

        def progress(percent: int, message: str) -> None:
            self.stderr.write(f"{percent:3d}%  {message}")

        progress(0, f"Composing the report for {period.label}")
        report = build(TriannualContext(period, public=options["public"]), progress)
        progress(70, f"Writing the {options['format']} file")
        content = triannual_document(report, options["format"])
        try:
            out.write_bytes(content)
        except OSError as error:
            raise CommandError(f"--out: cannot write {out}: {error.strerror}") from None
        trail.record(
            actor=None,
            action=AuditEvent.Action.EXPORT,
            summary=f"Triannual report {period.key} written as {options['format']} to {out}",
            object_type="reports.triannual",
        )
        progress(100, "Done")
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes, {len(report.sections)} sections).")
