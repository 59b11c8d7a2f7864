"""Importing conferences and reviews from the case management system (CSV).

The format is documented in docs/meetings-import.md. Every row is checked
before anything is written; one bad cell rejects the file, and each problem
names its row (the spreadsheet's own row number, the header being row 1) and
its column. A file either loads whole, in one transaction, or not at all.
Re-importing a meeting_id already loaded changes nothing unless the row
changed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from assure.core import clock, trail
from assure.core.models import AuditEvent
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import Case, RoleAssignment, Team, User

from .models import Meeting

COLUMNS = ("meeting_id", "kind", "stage", "date", "child_ref", "team", "practitioner", "chair")
REQUIRED = ("meeting_id", "kind", "date", "child_ref", "team", "chair")
KINDS = {
    "cp_conference": Meeting.Kind.CP_CONFERENCE,
    "cic_review": Meeting.Kind.CIC_REVIEW,
}
# The chair's role each kind of meeting needs.
CHAIR_ROLE = {Meeting.Kind.CP_CONFERENCE: "cp_chair", Meeting.Kind.CIC_REVIEW: "iro"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_ROWS = 50_000
UPDATED_FIELDS = ["kind", "stage", "date", "case_id", "team_id", "practitioner_id", "chair_id"]


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    value: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "problem": self.problem,
        }


@dataclass
class ImportResult:
    status: str  # "imported" | "rejected"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.status == "rejected":
            n = len(self.problems)
            return f"Nothing was imported: {n} problem{'s' if n != 1 else ''} to put right."
        return (
            f"Imported {self.rows} row{'s' if self.rows != 1 else ''}: {self.created} new, "
            f"{self.updated} updated, {self.unchanged} unchanged."
        )


def may_import(user: Any) -> bool:
    return has_perm(user, Perm.RUN_QA) or has_perm(user, Perm.MANAGE_STRUCTURE)


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_csv(data: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV (UTF-8, with or without a byte-order mark)."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    rows: list[dict[str, str]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            rows.append({})  # a blank line keeps its row number
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return header, rows


def meetings_import(
    *, actor: Any, data: bytes | str, source: str = "", today: date | None = None
) -> ImportResult:
    """Validate every row, then load the whole file in one transaction, or nothing.

    `actor` None is the command line (run by whoever may run it on the server).
    """
    if actor is not None and not may_import(actor):
        raise PermissionDenied("Only the QA unit or an administrator imports meetings.")
    today = today or clock.today()
    header, rows = read_csv(data)
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in header]
    if not header:
        return ImportResult("rejected", problems=[Problem(1, "", "", "The file is empty.")])
    if missing:
        return ImportResult(
            "rejected",
            problems=[
                Problem(1, c, "", f"The column {c} is missing from the header row.")
                for c in missing
            ],
        )
    if len(rows) > MAX_ROWS:
        return ImportResult(
            "rejected",
            problems=[Problem(1, "", "", f"More than {MAX_ROWS:,} rows: split the file.")],
        )

    # Everything the rows name, looked up in a handful of queries.
    def values(column: str) -> set[str]:
        return {r.get(column, "") for r in rows if r.get(column)}

    team_names = values("team")
    teams = {t.name.lower(): t for t in Team.objects.filter(name__in=team_names)}
    if len(teams) < len({n.lower() for n in team_names}):  # names differing only in case
        wanted = Q()
        for name in team_names:
            wanted |= Q(name__iexact=name)
        teams = {t.name.lower(): t for t in Team.objects.filter(wanted)}
    usernames = values("practitioner") | values("chair")
    users = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    chair_roles: dict[int, set[str]] = {}
    for user_id, role in RoleAssignment.objects.filter(
        user__username__in=values("chair"), role__in=CHAIR_ROLE.values()
    ).values_list("user_id", "role"):
        chair_roles.setdefault(user_id, set()).add(role)
    cases_by_child: dict[str, list[Case]] = {}
    for found in Case.objects.filter(child__reference__in=values("child_ref")).select_related(
        "child"
    ):
        cases_by_child.setdefault(found.child.reference, []).append(found)
    existing = {
        m.source_ref: m
        for m in Meeting.objects.filter(source_ref__in=values("meeting_id")).select_related("qa")
    }

    seen: dict[str, int] = {}
    planned: list[tuple[str, dict[str, Any]]] = []  # (meeting_id, fields)
    for n, row in enumerate(rows, start=2):
        if not row:
            continue

        def bad(
            column: str, problem: str, row_number: int = n, cells: dict[str, str] = row
        ) -> None:
            problems.append(Problem(row_number, column, cells.get(column, ""), problem))

        for column in REQUIRED:
            if not row.get(column):
                bad(column, f"Enter the {column.replace('_', ' ')}.")
        meeting_id = row.get("meeting_id", "")
        if meeting_id:
            if len(meeting_id) > 60:
                bad("meeting_id", "Use at most 60 characters.")
            elif meeting_id in seen:
                bad("meeting_id", f"The same meeting_id is on row {seen[meeting_id]}.")
            else:
                seen[meeting_id] = n
        kind = KINDS.get(row.get("kind", "").lower())
        if row.get("kind") and kind is None:
            bad("kind", "Use cp_conference or cic_review.")
        stage = row.get("stage", "").lower() or Meeting.Stage.REVIEW
        if stage not in Meeting.Stage.values:
            bad("stage", "Use initial or review (or leave it empty for review).")
        day = _parse_date(row.get("date", "")) if row.get("date") else None
        if row.get("date") and day is None:
            bad("date", "Use a date like 2026-03-31 or 31/03/2026.")
        elif day is not None and day > today:
            bad("date", "The date is in the future: import meetings once they have taken place.")
        team = teams.get(row.get("team", "").lower())
        if row.get("team") and team is None:
            bad("team", "No team has this name in Assure.")
        practitioner = None
        if row.get("practitioner"):
            practitioner = users.get(row["practitioner"])
            if practitioner is None:
                bad("practitioner", "No active person has this username.")
        chair = users.get(row.get("chair", "")) if row.get("chair") else None
        if row.get("chair"):
            if chair is None:
                bad("chair", "No active person has this username.")
            elif kind is not None and CHAIR_ROLE[kind] not in chair_roles.get(chair.pk, set()):
                who = "a child protection chair" if kind == "cp_conference" else "an IRO"
                bad("chair", f"This person is not {who}, so cannot chair this meeting.")
        case: Case | None = None
        if row.get("child_ref"):
            cases = cases_by_child.get(row["child_ref"], [])
            if not cases:
                bad("child_ref", "No child with this reference has a case in Assure.")
            else:
                # The case held by the team named, else the child's most recent open case.
                in_team = [c for c in cases if team is not None and c.team_id == team.pk]
                open_cases = [c for c in cases if c.closed_on is None]
                pool = in_team or open_cases or cases
                case = max(pool, key=lambda c: (c.opened_on, c.pk))
        if not (kind and day and team and case and chair and meeting_id):
            continue
        fields = {
            "kind": kind,
            "stage": stage,
            "date": day,
            "case_id": case.pk,
            "team_id": team.pk,
            "practitioner_id": practitioner.pk if practitioner else case.allocated_worker_id,
            "chair_id": chair.pk,
        }
        current = existing.get(meeting_id)
        if current is not None and hasattr(current, "qa") and current.chair_id != chair.pk:
            bad("chair", "This meeting's QA is already recorded by its chair: the chair stays.")
            continue
        planned.append((meeting_id, fields))

    if problems:
        return ImportResult("rejected", rows=len([r for r in rows if r]), problems=problems)

    result = ImportResult("imported", rows=len(planned))
    with transaction.atomic():
        new: list[Meeting] = []
        changed: list[Meeting] = []
        for meeting_id, fields in planned:
            current = existing.get(meeting_id)
            if current is None:
                new.append(Meeting(source_ref=meeting_id, **fields))
                continue
            if all(getattr(current, k) == v for k, v in fields.items()):
                result.unchanged += 1
                continue
            for k, v in fields.items():
                setattr(current, k, v)
            changed.append(current)
        Meeting.objects.bulk_create(new, batch_size=1000)
        if changed:
            Meeting.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=500)
        result.created, result.updated = len(new), len(changed)
        trail.record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            username="" if actor is not None else "command line",
            summary=f"Imported conferences and reviews{f' from {source}' if source else ''}: "
            f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged",
        )
    return result
