"""Loading the structure and the staff in bulk from CSV.

Two documented formats (README, "Loading your authority"):

- structure: `area, district, service, service_kind, team`; one row a team.
  Areas, districts and services are created as they first appear. County-wide
  teams leave area and district blank.
- staff: `username, first_name, last_name, email, job_title, team, role,
  role_anchor`; one row a person's role (a person with two roles has two rows).
  `role_anchor` names the service, district or area a role's scope starts
  from when that is not the person's team.

Every row is checked before anything is written; a single bad row rejects the
file, and each problem names its row and column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import ROLES, Perm, Scope

from .models import Area, Directorate, District, RoleAssignment, Service, Team, User

STRUCTURE_COLUMNS = ("area", "district", "service", "service_kind", "team")
STAFF_COLUMNS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "team",
    "role",
    "role_anchor",
)
MAX_ROWS = 20_000


@dataclass
class RowProblem:
    row: int  # the spreadsheet row: the header is row 1
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        shown = f" ({self.value!r})" if self.value else ""
        return f"Row {self.row}, column {self.column}{shown}: {self.problem}"


@dataclass
class ImportOutcome:
    kind: str
    created: dict[str, int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read(text: str, expected: tuple[str, ...]) -> tuple[list[dict[str, str]], list[RowProblem]]:
    text = text.lstrip("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    reader = csv.DictReader(io.StringIO(text))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in expected if c not in headers]
    if missing:
        return [], [
            RowProblem(1, c, "", "This column is missing from the header row.") for c in missing
        ]
    reader.fieldnames = headers
    rows = []
    for row in reader:
        rows.append({k: (v or "").replace("\xa0", " ").strip() for k, v in row.items() if k})
        if len(rows) > MAX_ROWS:
            return [], [RowProblem(1, "", "", f"The file has more than {MAX_ROWS} rows.")]
    return rows, []


@transaction.atomic
def structure_import(*, actor: Any, text: str) -> ImportOutcome:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    outcome = ImportOutcome("structure")
    rows, outcome.problems = _read(text, STRUCTURE_COLUMNS)
    kinds = dict(Service.Kind.choices)
    for number, row in enumerate(rows, start=2):
        if not row["team"]:
            outcome.problems.append(RowProblem(number, "team", "", "Enter the team's name."))
        if not row["service"]:
            outcome.problems.append(RowProblem(number, "service", "", "Enter the service."))
        if row["service_kind"] not in kinds:
            outcome.problems.append(
                RowProblem(
                    number,
                    "service_kind",
                    row["service_kind"],
                    f"Use one of: {', '.join(kinds)}.",
                )
            )
        if bool(row["area"]) != bool(row["district"]):
            outcome.problems.append(
                RowProblem(
                    number,
                    "district",
                    row["district"],
                    "Give both area and district, or neither for a county-wide team.",
                )
            )
    if outcome.problems or not rows:
        if not rows and not outcome.problems:
            outcome.problems.append(RowProblem(2, "", "", "The file has no rows to import."))
        return outcome
    directorate = Directorate.objects.order_by("pk").first() or Directorate.objects.create(
        name="Children, young people and education"
    )
    counts = dict.fromkeys(("areas", "districts", "services", "teams"), 0)
    for row in rows:
        district = None
        if row["area"]:
            area, made = Area.objects.get_or_create(
                name=row["area"], defaults={"directorate": directorate}
            )
            counts["areas"] += made
            district, made = District.objects.get_or_create(
                name=row["district"], defaults={"area": area}
            )
            counts["districts"] += made
        service, made = Service.objects.get_or_create(
            name=row["service"],
            defaults={"directorate": directorate, "kind": row["service_kind"]},
        )
        counts["services"] += made
        _, made = Team.objects.update_or_create(
            name=row["team"], defaults={"service": service, "district": district}
        )
        counts["teams"] += made
    outcome.created = counts
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        summary=f"Imported the structure: {len(rows)} rows",
        changes=counts,
    )
    return outcome


def _anchor_for(role_key: str, anchor: str, lookups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    scope = ROLES[role_key].scope
    if scope is Scope.SERVICE:
        return {"service": lookups["service"].get(anchor.lower())}
    if scope is Scope.DISTRICT:
        return {"district": lookups["district"].get(anchor.lower())}
    if scope is Scope.AREA:
        return {"area": lookups["area"].get(anchor.lower())}
    return {}


@transaction.atomic
def staff_import(*, actor: Any, text: str) -> ImportOutcome:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    outcome = ImportOutcome("staff")
    rows, outcome.problems = _read(text, STAFF_COLUMNS)
    teams = {t.name.lower(): t for t in Team.objects.all()}
    lookups: dict[str, dict[str, Any]] = {
        "service": {s.name.lower(): s for s in Service.objects.all()},
        "district": {d.name.lower(): d for d in District.objects.all()},
        "area": {a.name.lower(): a for a in Area.objects.all()},
    }
    for number, row in enumerate(rows, start=2):
        if not row["username"]:
            outcome.problems.append(RowProblem(number, "username", "", "Enter a username."))
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                outcome.problems.append(
                    RowProblem(number, "email", row["email"], "Enter a real email address.")
                )
        if row["team"] and row["team"].lower() not in teams:
            outcome.problems.append(
                RowProblem(
                    number,
                    "team",
                    row["team"],
                    "No team has this name. Import the structure first.",
                )
            )
        if row["role"] not in ROLES:
            outcome.problems.append(
                RowProblem(number, "role", row["role"], f"Use one of: {', '.join(ROLES)}.")
            )
            continue
        scope = ROLES[row["role"]].scope
        if scope in (Scope.SERVICE, Scope.DISTRICT, Scope.AREA):
            anchor = _anchor_for(row["role"], row["role_anchor"], lookups)
            if None in anchor.values():
                outcome.problems.append(
                    RowProblem(
                        number,
                        "role_anchor",
                        row["role_anchor"],
                        f"A {row['role']} needs the name of their {scope.value}.",
                    )
                )
        if scope is Scope.TEAM and not row["team"]:
            outcome.problems.append(
                RowProblem(number, "team", "", f"A {row['role']} needs a team.")
            )
    if outcome.problems or not rows:
        if not rows and not outcome.problems:
            outcome.problems.append(RowProblem(2, "", "", "The file has no rows to import."))
        return outcome
    people = 0
    roles = 0
    for row in rows:
        team = teams.get(row["team"].lower()) if row["team"] else None
        person, made = User.objects.update_or_create(
            username=row["username"],
            defaults={
                "first_name": row["first_name"],
                "last_name": row["last_name"],
                "email": row["email"],
                "job_title": row["job_title"],
                "team": team,
            },
        )
        if made:
            person.set_unusable_password()
            person.save(update_fields=["password"])
            people += 1
        anchor = _anchor_for(row["role"], row["role_anchor"], lookups)
        if ROLES[row["role"]].scope is Scope.TEAM:
            anchor = {"team": team}
        _, made = RoleAssignment.objects.get_or_create(user=person, role=row["role"], **anchor)
        roles += made
    outcome.created = {"people": people, "roles": roles}
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        summary=f"Imported staff: {len(rows)} rows",
        changes=outcome.created,
    )
    return outcome
