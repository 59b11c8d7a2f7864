"""Loading the structure and the staff in bulk from CSV.

Two documented formats (README, "Loading your authority"):

- structure: `area, district, service, service_kind, team`; one row a team.
  Areas, districts and services are created as they first appear. County-wide
  teams leave area and district blank.
- staff: `username, first_name, last_name, email, job_title, team, role,
  role_anchor`; one row a person's role (a person with two roles has two rows).
  `role_anchor` names the service, district or area a role's scope starts
  from when that is not the person's team. See `staff_import`.

Every row is checked before anything is written; a single bad row rejects the
file, and each problem names its row and column. Nothing already recorded is
changed silently: a team moved to another service or district is trailed
field by field.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from assure.core import trail, writes
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .csv_read import ImportOutcome, RowProblem, read
from .models import Area, Directorate, District, Service, Team
from .staff_import import STAFF_COLUMNS, staff_import

__all__ = [
    "STAFF_COLUMNS",
    "STRUCTURE_COLUMNS",
    "ImportOutcome",
    "RowProblem",
    "staff_import",
    "structure_import",
]

STRUCTURE_COLUMNS = ("area", "district", "service", "service_kind", "team")


def _structure_problems(rows: list[dict[str, str]]) -> list[RowProblem]:
    problems = []
    kinds = dict(Service.Kind.choices)
    for number, row in enumerate(rows, start=2):
        if not row["team"]:
            problems.append(RowProblem(number, "team", "", "Enter the team's name."))
        if not row["service"]:
            problems.append(RowProblem(number, "service", "", "Enter the service."))
        if row["service_kind"] not in kinds:
            problems.append(
                RowProblem(
                    number,
                    "service_kind",
                    row["service_kind"],
                    f"Use one of: {', '.join(kinds)}.",
                )
            )
        if bool(row["area"]) != bool(row["district"]):
            problems.append(
                RowProblem(
                    number,
                    "district",
                    row["district"],
                    "Give both area and district, or neither for a county-wide team.",
                )
            )
    return problems


@transaction.atomic
def structure_import(*, actor: Any, text: str | bytes) -> ImportOutcome:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    outcome = ImportOutcome("structure")
    rows, outcome.problems = read(text, STRUCTURE_COLUMNS)
    if not outcome.problems:
        outcome.problems = _structure_problems(rows)
    if outcome.problems or not rows:
        if not rows and not outcome.problems:
            outcome.problems.append(RowProblem(2, "", "", "The file has no rows to import."))
        return outcome
    directorate = Directorate.objects.order_by("pk").first() or Directorate.objects.create(
        name="Children, young people and education"
    )
    counts = dict.fromkeys(("areas", "districts", "services", "teams"), 0)
    created: list[str] = []
    moved: dict[str, Any] = {}
    teams = {t.name: t for t in Team.objects.filter(name__in=[r["team"] for r in rows])}
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
        team = teams.get(row["team"])
        if team is None:
            teams[row["team"]] = Team.objects.create(
                name=row["team"], service=service, district=district
            )
            counts["teams"] += 1
            created.append(row["team"])
            continue
        changed = writes.record_import_changes(
            actor=actor,
            obj=team,
            values={"service": service, "district": district},
            summary=f"Structure import moved team {team.name}",
        )
        if changed:
            team.save(update_fields=list(changed))
            moved[team.name] = changed
    outcome.created = counts
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        summary=f"Imported the structure: {len(rows)} rows, {len(moved)} teams moved",
        changes={**counts, "teams_created": created[:500], "teams_moved": moved},
    )
    return outcome
