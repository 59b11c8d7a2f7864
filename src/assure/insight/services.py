"""Insight services: importing an Annex A and computing its indicators.

`snapshot_import` is all or nothing across disk and database: the Parquet
directory appears only by an atomic rename, and if the database row cannot
be written the directory is removed again, so a rejected or failed import
leaves no trace: no directory and no row.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from assure.core import clock, trail
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .annex_a import AnnexARejected, Problem, Progress, import_annex_a
from .annex_a.importer import PROBLEMS_FILE
from .annex_a.problem_log import ProblemLog, SummaryRow, write_problems_csv
from .annex_a.problems import problem
from .indicators import IndicatorRow, compute_indicators
from .models import AnnexASnapshot, snapshots_root


@dataclass
class ImportResult:
    status: str  # "imported" | "rejected"
    as_of: date
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    message: str = ""
    snapshot: AnnexASnapshot | None = None
    problems_total: int = 0
    problem_summary: list[SummaryRow] = field(default_factory=list)
    # Every problem, when they are not all in `problems`: the snapshot's Parquet file.
    problems_file: Path | None = None

    def report(self) -> dict[str, Any]:
        """The import report of the contract (version 1.1), as JSON-ready data."""
        return {
            "status": self.status,
            "as_of": self.as_of.isoformat(),
            "rows": self.rows,
            "problems": self.problems,
            "problems_total": self.problems_total,
            "problem_summary": self.problem_summary,
        }

    def write_problems(self, target: Path) -> int:
        """Every problem as CSV (`--problems FILE.csv`); returns how many."""
        if self.problems_file is not None and self.problems_file.exists():
            return write_problems_csv(self.problems_file, target)
        return write_problems_csv(self.problems, target)


def rejected_result(day: date, problems: list[Problem], message: str) -> ImportResult:
    """A rejected file's report: its problems are few, found before any cell was read."""
    log = ProblemLog.of(problems)
    try:
        return ImportResult(
            status="rejected",
            as_of=day,
            problems=log.first(),
            message=message,
            problems_total=log.total(),
            problem_summary=log.summary(),
        )
    finally:
        log.close()


def snapshot_import(
    *,
    path: Path,
    as_of: date | None = None,
    user: Any = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Validate and store one Annex A (xlsx workbook or folder of `List N.csv`).

    `as_of` defaults to today (Europe/London). A user, when given, must hold
    the import permission; the command line runs without one. A file that
    cannot be used comes back with status "rejected" and the message saying
    what to fix; nothing is stored.
    """
    if user is not None:
        require_perm(user, Perm.IMPORT_DATA)
    day = as_of or clock.today()
    name = f"{day.isoformat()}-{uuid.uuid4().hex[:12]}"
    directory = snapshots_root() / name
    try:
        outcome = import_annex_a(Path(path), directory, as_of=day, progress=progress)
    except AnnexARejected as rejected:
        problems = rejected.problems or [
            problem(Path(path).name, None, None, None, rejected.message, "import rejected")
        ]
        return rejected_result(day, problems, rejected.message)
    try:
        with transaction.atomic():
            snapshot = AnnexASnapshot.objects.create(
                as_of=day,
                imported_by=user if getattr(user, "is_authenticated", False) else None,
                source_filename=Path(path).name[:255],
                storage_path=name,
                row_counts=outcome.rows,
                problems=outcome.problems,
                problems_total=outcome.problems_total,
                problem_summary=outcome.problem_summary,
            )
            trail.record(
                actor=user,
                action=AuditEvent.Action.IMPORT,
                summary=(
                    f"Annex A {snapshot.source_filename} as at {day.isoformat()}: "
                    f"{sum(outcome.rows.values())} rows, {outcome.problems_total} problems"
                ),
                obj=snapshot,
                username="command line" if user is None else "",
            )
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return ImportResult(
        status="imported",
        as_of=day,
        rows=outcome.rows,
        problems=outcome.problems,
        snapshot=snapshot,
        problems_total=outcome.problems_total,
        problem_summary=outcome.problem_summary,
        problems_file=outcome.problems_file,
    )


def latest_snapshot(as_of: date) -> AnnexASnapshot | None:
    """The most recent imported snapshot dated on or before `as_of`."""
    return (
        AnnexASnapshot.objects.filter(status=AnnexASnapshot.Status.IMPORTED, as_of__lte=as_of)
        .order_by("-as_of", "-imported_at", "-pk")
        .first()
    )


def configured_population() -> int | None:
    value = getattr(settings, "ASSURE_POPULATION_0_17", None)
    return int(value) if value else None


def configured_la_code() -> str:
    """The authority's DfE code from its settings (or the environment before setup)."""
    from assure.authority import settings_reader

    return settings_reader.la_code() or "la"


def configured_benchmark_code() -> str | None:
    """The DfE code whose published figures stand for the authority's.

    Its own code, except in the demonstration before setup: the fictional
    county's code is in no DfE file, so it is benchmarked as the real authority
    ASSURE_BENCHMARK_LA_CODE names (the pages say which).
    """
    from assure.authority import settings_reader

    stand_in = getattr(settings, "ASSURE_BENCHMARK_LA_CODE", None)
    if stand_in and settings_reader.is_demonstration():
        return str(stand_in)
    return settings_reader.la_code()


def indicators_compute(
    *,
    as_of: date,
    population: int | None = None,
    la_code: str | None = None,
    team_units: dict[str, dict[str, str]] | None = None,
) -> tuple[AnnexASnapshot, list[IndicatorRow]]:
    """Part A indicators at `as_of` from the latest snapshot on or before that date.

    Raises AnnexASnapshot.DoesNotExist when there is none.
    """
    snapshot = latest_snapshot(as_of)
    if snapshot is None:
        raise AnnexASnapshot.DoesNotExist(
            f"No Annex A has been imported with an as-of date on or before {as_of.isoformat()}."
        )
    rows = compute_indicators(
        snapshot.directory,
        as_of=as_of,
        la_code=la_code or configured_la_code(),
        population=population if population is not None else configured_population(),
        team_units=team_units,
    )
    return snapshot, rows


def import_problems_csv(*, actor: Any, job: Any, target: Path) -> int:
    """Every problem of an uploaded import as CSV, for its page's download; trailed.

    An imported file's problems come from its snapshot's Parquet file; a rejected
    file's few are all in its report."""
    require_perm(actor, Perm.IMPORT_DATA)
    snapshot = job.snapshot
    source = snapshot.directory / PROBLEMS_FILE if snapshot is not None else None
    if source is not None and source.exists():
        written = write_problems_csv(source, target)
    else:
        written = write_problems_csv(list((job.report or {}).get("problems") or []), target)
    export_record(
        actor=actor,
        summary=f"Downloaded the {written} problem(s) of the import of {job.source_filename}",
        what="annex_a_problems",
    )
    return written


def export_record(*, actor: Any, summary: str, what: str) -> None:
    """An export of figures leaves the building: the trail says who took what."""
    trail.record(actor=actor, action=AuditEvent.Action.EXPORT, summary=summary, object_type=what)
