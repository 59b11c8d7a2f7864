"""Cases arriving in bulk: a case-list CSV, the case management system's API, Annex A.

Assure keeps a minimal case record (the child's reference, age band, case
type, team, allocated worker, open or closed). A council with thousands of
open cases cannot type them in, and a case that closed or moved in the case
management system must close or move here, or samples and scopes go wrong.

`cases_load` is the one way a batch of case rows lands: every row is checked
first (the whole batch or nothing, each problem naming its row and column),
then each case is opened, moved, reassigned or closed, with the trail holding
a field-level entry for every case that changed and one summary entry for the
load. `dry_run=True` reports what would happen and saves nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from assure.core import clock, trail, writes
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .models import Case, Child, Team, User

CASE_COLUMNS = ("reference", "age_band", "case_type", "team", "worker", "status")
MAX_ROWS = 200_000
STATUSES = ("open", "closed")


@dataclass(frozen=True)
class CaseRow:
    row: int  # the spreadsheet row (the header is row 1); for the API, 1
    reference: str
    age_band: str
    case_type: str
    team: str
    worker: str
    status: str


@dataclass
class CaseProblem:
    row: int
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        shown = f" ({self.value!r})" if self.value else ""
        return f"Row {self.row}, column {self.column}{shown}: {self.problem}"


@dataclass
class CaseLoadReport:
    opened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    moved_team: list[str] = field(default_factory=list)
    changed_worker: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[CaseProblem] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        if self.problems:
            return [str(p) for p in self.problems]
        verb = "" if self.saved else "would be "
        return [
            f"{len(self.opened)} {verb}opened",
            f"{len(self.closed)} {verb}closed",
            f"{len(self.moved_team)} {verb}moved to another team",
            f"{len(self.changed_worker)} {verb}given another worker",
            f"{self.unchanged} unchanged",
        ]


def read_case_csv(data: bytes) -> tuple[list[CaseRow], list[CaseProblem]]:
    """Rows of a case-list CSV (UTF-8, header in row 1), or the problems that stop it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        return [], [CaseProblem(row, "", "", "This row is not UTF-8 text: save as CSV UTF-8.")]
    problems: list[CaseProblem] = []
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        return [], [CaseProblem(row, "", "", "This row holds a NUL character: not a CSV file?")]
    reader = csv.DictReader(io.StringIO(text))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CASE_COLUMNS if c not in headers]
    if missing:
        return [], [
            CaseProblem(1, c, "", "This column is missing from the header row.") for c in missing
        ]
    rows: list[CaseRow] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            problems.append(CaseProblem(number, "", "", f"At most {MAX_ROWS:,} rows a file."))
            break
        cells = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()) or cells.get(CASE_COLUMNS[0], "").startswith("#"):
            continue  # blank, or a template's note
        rows.append(CaseRow(number, *(cells.get(c, "") for c in CASE_COLUMNS)))
    return rows, problems


def _check(
    rows: list[CaseRow], teams: dict[str, Team], workers: dict[str, User]
) -> list[CaseProblem]:
    problems: list[CaseProblem] = []
    seen: dict[str, int] = {}
    bands = set(Child.AgeBand.values)
    types = set(Case.Type.values)
    for r in rows:

        def bad(column: str, value: str, problem: str, r: CaseRow = r) -> None:
            problems.append(CaseProblem(r.row, column, value, problem))

        if not r.reference or len(r.reference) > 40:
            bad("reference", r.reference, "Give the child's reference (at most 40 characters).")
        elif r.reference in seen:
            bad("reference", r.reference, f"Also on row {seen[r.reference]}: one row a case.")
        else:
            seen[r.reference] = r.row
        if r.age_band not in bands:
            bad("age_band", r.age_band, f"One of: {', '.join(sorted(bands))}.")
        if r.case_type not in types:
            bad("case_type", r.case_type, f"One of: {', '.join(sorted(types))}.")
        if r.team.casefold() not in teams:
            bad("team", r.team, "No team has this name: load the structure first.")
        if r.worker and r.worker not in workers:
            bad("worker", r.worker, "No active person has this username.")
        if r.status not in STATUSES:
            bad("status", r.status, "open or closed.")
    return problems


@transaction.atomic
def cases_load(
    *, actor: Any, rows: list[CaseRow], source: str, dry_run: bool = False
) -> CaseLoadReport:
    """Open, move, reassign or close cases from `rows`: all of them, or none."""
    if actor is not None:
        require_perm(actor, Perm.MANAGE_STRUCTURE)
    report = CaseLoadReport()
    teams = {t.name.casefold(): t for t in Team.objects.all()}
    names = {r.worker for r in rows if r.worker}
    workers = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    report.problems = _check(rows, teams, workers)
    if report.problems:
        return report
    today = clock.today()
    refs = [r.reference for r in rows]
    children = {c.reference: c for c in Child.objects.filter(reference__in=refs)}
    latest: dict[str, Case] = {}
    for existing in (
        Case.objects.filter(child__reference__in=refs)
        .select_related("child", "team", "allocated_worker")
        .order_by("opened_on", "pk")
    ):
        latest[existing.child.reference] = existing  # each child's most recent case wins
    for r in rows:
        team = teams[r.team.casefold()]
        worker = workers.get(r.worker)
        case = latest.get(r.reference)
        is_open = case is not None and case.closed_on is None
        if r.status == "closed":
            if is_open and case is not None:
                report.closed.append(r.reference)
                if not dry_run:
                    _change(actor, case, {"closed_on": today}, source)
            else:
                report.unchanged += 1
            continue
        if not is_open or case is None:
            report.opened.append(r.reference)
            if not dry_run:
                _open(actor, r, children, team, worker, today, source)
            continue
        values: dict[str, Any] = {}
        if case.team_id != team.pk:
            report.moved_team.append(r.reference)
            values["team"] = team
        if case.allocated_worker_id != (worker.pk if worker else None):
            report.changed_worker.append(r.reference)
            values["allocated_worker"] = worker
        if case.case_type != r.case_type:
            values["case_type"] = r.case_type
        if not values:
            report.unchanged += 1
        elif not dry_run:
            _change(actor, case, values, source)
    if not dry_run:
        trail.record(
            actor=actor,
            username="" if actor is not None else source,
            action=AuditEvent.Action.IMPORT,
            object_type="org.case",
            summary=f"Loaded cases from {source}: " + "; ".join(report.lines()),
            changes={
                "opened": report.opened[:500],
                "closed": report.closed[:500],
                "moved_team": report.moved_team[:500],
                "changed_worker": report.changed_worker[:500],
            },
        )
        report.saved = True
    return report


def _open(
    actor: Any,
    r: CaseRow,
    children: dict[str, Child],
    team: Team,
    worker: User | None,
    today: date,
    source: str,
) -> None:
    child = children.get(r.reference)
    if child is None:
        child = children[r.reference] = Child.objects.create(
            reference=r.reference, age_band=r.age_band
        )
    elif child.age_band != r.age_band:
        writes.record_import_changes(
            actor=actor,
            obj=child,
            values={"age_band": r.age_band},
            summary=f"Age band of {r.reference} from {source}",
            child_ref=r.reference,
        )
        child.save(update_fields=["age_band"])
    case = Case.objects.create(
        child=child, team=team, allocated_worker=worker, case_type=r.case_type, opened_on=today
    )
    trail.record(
        actor=actor,
        username="" if actor is not None else source,
        action=AuditEvent.Action.CREATE,
        obj=case,
        child_ref=r.reference,
        summary=f"Opened a case for {r.reference} from {source}",
        changes={
            "team": [None, team.name],
            "allocated_worker": [None, worker.username if worker else None],
            "case_type": [None, r.case_type],
        },
    )


def _change(actor: Any, case: Case, values: dict[str, Any], source: str) -> None:
    writes.record_import_changes(
        actor=actor,
        obj=case,
        values=values,
        summary=f"Case of {case.child.reference} changed by {source}",
        child_ref=case.child.reference,
    )
    case.save(update_fields=list(values))
