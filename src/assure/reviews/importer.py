"""Importing conferences and reviews from the case management system (CSV).

The format is documented in docs/meetings-import.md. Every row is checked
before anything is written; one bad cell rejects the file, and each problem
names its row (the spreadsheet's own row number, the header being row 1) and
its column. A file either loads whole, in one transaction, or not at all.
Re-importing a meeting_id already loaded changes nothing unless the row
changed; each meeting it changes keeps field-level history in the trail. A
meeting whose QA is recorded stays with its child, team, practitioner, chair
and kind: the QA judged that meeting, so a row moving it is refused.
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

from assure.core import clock, trail, writes
from assure.core.models import AuditEvent
from assure.org.models import Case, RoleAssignment, Team, User

from .models import Meeting
from .policy import may_import

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


def _parse_date(text: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_csv(data: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of a CSV (UTF-8, with or without a byte-order mark).

    Bytes that are not UTF-8 are kept as lone surrogates rather than failing the
    whole read, so that `unreadable_cells` can name the row and column they are in.
    """
    if isinstance(data, bytes):
        text = data.decode("utf-8-sig", errors="surrogateescape")
    else:
        text = data.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    rows: list[dict[str, str]] = []
    for cells in reader:
        if not any(c.strip() for c in cells) or cells[0].strip().startswith("#"):
            rows.append({})  # a blank line, or a template's note, keeps its row number
            continue
        rows.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return header, rows


def _unreadable(text: str) -> str:
    """Why a cell cannot be stored as text ('' when it can).

    PostgreSQL refuses a NUL character in text, and undecodable bytes are not text at all.
    """
    if "\x00" in text:
        return "This cell holds a NUL character, which is not text: save the file as CSV UTF-8."
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return "This cell holds bytes that are not UTF-8 text: save the file as CSV UTF-8."
    return ""


def _printable(text: str) -> str:
    """The cell as it can be shown back: bad bytes and NUL as the replacement character."""
    raw = text.encode("utf-8", errors="surrogateescape")
    return raw.decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def unreadable_cells(header: list[str], rows: list[dict[str, str]]) -> list[Problem]:
    """Each cell, header included, that is not storable text, by row and column."""
    problems = [
        Problem(1, _printable(h), _printable(h), why) for h in header if (why := _unreadable(h))
    ]
    for n, row in enumerate(rows, start=2):
        for column, value in row.items():
            why = _unreadable(value)
            if why:
                problems.append(Problem(n, _printable(column), _printable(value), why))
    return problems


# What a recorded QA fixes about its meeting, and the column a row would move it by.
QA_HOLDS = (
    ("kind", "kind"),
    ("case_id", "child_ref"),
    ("team_id", "team"),
    ("practitioner_id", "practitioner"),
    ("chair_id", "chair"),
)


def _moves_a_qa(current: Meeting, fields: dict[str, Any], row: dict[str, str]) -> list[str]:
    """The columns by which this row would move a quality-assured meeting (none when fine)."""
    if not hasattr(current, "qa"):
        return []
    moved = [column for name, column in QA_HOLDS if getattr(current, name) != fields[name]]
    if "child_ref" in moved and row.get("child_ref") == current.case.child.reference:
        # Another case of the same child, picked because the team changed: the team moved it.
        moved.remove("child_ref")
        if "team" not in moved:
            moved.append("child_ref")
    return moved


def meetings_import(
    *, actor: Any, data: bytes | str, source: str = "", today: date | None = None
) -> ImportResult:
    """Validate every row, then load the whole file in one transaction, or nothing.

    `actor` None is the command line (run by whoever may run it on the server).
    The meetings the file names are locked while it is checked and loaded, so a
    QA recorded meanwhile cannot be moved by it.
    """
    if actor is not None and not may_import(actor):
        raise PermissionDenied("Only the QA unit or an administrator imports meetings.")
    today = today or clock.today()
    header, rows = read_csv(data)
    if not header:
        return ImportResult("rejected", problems=[Problem(1, "", "", "The file is empty.")])
    unreadable = unreadable_cells(header, rows)
    if unreadable:  # nothing unreadable goes near the database
        return ImportResult("rejected", rows=len([r for r in rows if r]), problems=unreadable)
    missing = [c for c in REQUIRED if c not in header]
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
    with transaction.atomic():
        return _check_and_load(actor, rows, source, today)


def _check_and_load(
    actor: Any, rows: list[dict[str, str]], source: str, today: date
) -> ImportResult:
    problems: list[Problem] = []

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
        for m in Meeting.objects.select_for_update(of=("self",))
        .filter(source_ref__in=values("meeting_id"))
        .select_related("qa", "case__child")
    }

    seen: dict[str, int] = {}
    planned: list[tuple[str, dict[str, Any], str]] = []  # (meeting_id, fields, child_ref)
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
        moved = _moves_a_qa(current, fields, row) if current is not None else []
        for column in moved:
            bad(
                column,
                f"This meeting's QA is already recorded, so its {column.replace('_', ' ')} "
                "stays as it is: correct the row, or ask the QA unit.",
            )
        if not moved:
            planned.append((meeting_id, fields, row["child_ref"]))

    if problems:
        return ImportResult("rejected", rows=len([r for r in rows if r]), problems=problems)
    return _load(actor, planned, existing, source)


def _load(
    actor: Any,
    planned: list[tuple[str, dict[str, Any], str]],
    existing: dict[str, Meeting],
    source: str,
) -> ImportResult:
    """Write the checked rows: new meetings in bulk, changed ones with their history."""
    result = ImportResult("imported", rows=len(planned))
    new: list[Meeting] = []
    changed: list[Meeting] = []
    from_file = f" from {source}" if source else ""
    for meeting_id, fields, child_ref in planned:
        current = existing.get(meeting_id)
        if current is None:
            new.append(Meeting(source_ref=meeting_id, **fields))
            continue
        was = current.case.child.reference
        # A correction may move a meeting (without a QA) to another child: the trail
        # keeps the child it was about, and the summary names the one it is about now.
        moved = f", now about child {child_ref}" if child_ref != was else ""
        differs = writes.record_import_changes(
            actor=actor,
            obj=current,
            values=fields,
            summary=f"Meeting {meeting_id} corrected by an import{from_file}{moved}",
            child_ref=was,
        )
        if differs:
            changed.append(current)
        else:
            result.unchanged += 1
    Meeting.objects.bulk_create(new, batch_size=1000)
    if changed:
        Meeting.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=500)
    result.created, result.updated = len(new), len(changed)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        username="" if actor is not None else "command line",
        summary=f"Imported conferences and reviews{from_file}: "
        f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged",
    )
    return result
