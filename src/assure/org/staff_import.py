"""Loading staff and their roles from CSV, without overwriting anyone and without self-grants.

`username, first_name, last_name, email, job_title, team, role, role_anchor`;
one row a person's role (a person with two roles has two rows, with the same
details on each).

- A new username adds the person (they sign in through the council's identity
  provider or a reset link).
- An existing username must carry the details Assure already holds: a file
  never silently overwrites a person's name, email, job title or team. A
  difference is refused, naming row and column; change the person on their
  page, where the change is history, or make the file match. (Refusing, not
  asking for confirmation: a file of thousands of rows is no place to review
  changes to people one by one.)
- Usernames are letters, digits and . - _ @ only.
- Nobody gives a role to themselves, here any more than on the roles page.
- A role that reads children's records becomes a request a second person
  approves; other roles are given at once.

The trail gets one event per role given or asked for, and one for the file
listing, per person, what was added and asked.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import ROLES, Perm, Scope

from .csv_read import ImportOutcome, RowProblem, read
from .models import Area, District, RoleRequest, Service, Team, User
from .policy import reads_children
from .role_grants import approvers_notify, assignment_create, role_request_create
from .validators import username_problem

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
# The details a row gives about the person (as opposed to the role it gives them).
PERSON_COLUMNS = ("first_name", "last_name", "email", "job_title", "team")


def _anchor_for(role_key: str, anchor: str, lookups: dict[str, dict[str, Any]]) -> dict[str, Any]:
    scope = ROLES[role_key].scope
    if scope is Scope.SERVICE:
        return {"service": lookups["service"].get(anchor.lower())}
    if scope is Scope.DISTRICT:
        return {"district": lookups["district"].get(anchor.lower())}
    if scope is Scope.AREA:
        return {"area": lookups["area"].get(anchor.lower())}
    return {}


def _held(person: User, column: str) -> str:
    if column == "team":
        return person.team.name if person.team else ""
    return str(getattr(person, column) or "")


def _differs(column: str, given: str, held: str) -> bool:
    # Team names are matched without regard to case, as everywhere in the import.
    return given.lower() != held.lower() if column == "team" else given != held


def _row_problems(
    number: int,
    row: dict[str, str],
    *,
    actor: Any,
    teams: dict[str, Team],
    lookups: dict[str, dict[str, Any]],
) -> list[RowProblem]:
    problems = []
    problem = username_problem(row["username"])
    if problem:
        problems.append(RowProblem(number, "username", row["username"], problem))
    elif row["username"].lower() == actor.get_username().lower():
        problems.append(
            RowProblem(
                number,
                "username",
                row["username"],
                "Nobody can give a role to themselves. Ask another administrator.",
            )
        )
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            problems.append(
                RowProblem(number, "email", row["email"], "Enter a real email address.")
            )
    if row["team"] and row["team"].lower() not in teams:
        problems.append(
            RowProblem(
                number, "team", row["team"], "No team has this name. Import the structure first."
            )
        )
    if row["role"] not in ROLES:
        problems.append(RowProblem(number, "role", row["role"], f"Use one of: {', '.join(ROLES)}."))
        return problems
    scope = ROLES[row["role"]].scope
    anchored = scope in (Scope.SERVICE, Scope.DISTRICT, Scope.AREA)
    if anchored and None in _anchor_for(row["role"], row["role_anchor"], lookups).values():
        problems.append(
            RowProblem(
                number,
                "role_anchor",
                row["role_anchor"],
                f"A {row['role']} needs the name of their {scope.value}.",
            )
        )
    if scope is Scope.TEAM and not row["team"]:
        problems.append(RowProblem(number, "team", "", f"A {row['role']} needs a team."))
    return problems


def _overwrite_problems(
    number: int,
    row: dict[str, str],
    *,
    existing: dict[str, User],
    first_rows: dict[str, tuple[int, dict[str, str]]],
) -> list[RowProblem]:
    """A row that would change a person Assure holds, or contradict an earlier row."""
    problems = []
    username = row["username"]
    person = existing.get(username)
    for column in PERSON_COLUMNS:
        given = row[column]
        if person is not None:
            held = _held(person, column)
            if _differs(column, given, held):
                problems.append(
                    RowProblem(
                        number,
                        column,
                        given,
                        f"{username} is already in Assure with {column} {held!r}. A file never "
                        "overwrites a person: change them on their page, or make the file match.",
                    )
                )
                continue
        earlier = first_rows.get(username)
        if earlier is not None and earlier[0] != number:
            earlier_value = earlier[1][column]
            if _differs(column, given, earlier_value):
                problems.append(
                    RowProblem(
                        number,
                        column,
                        given,
                        f"Row {earlier[0]} gives {username} the {column} {earlier_value!r}; "
                        "every row of one person must give the same details.",
                    )
                )
    return problems


@transaction.atomic
def staff_import(*, actor: Any, text: str | bytes) -> ImportOutcome:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    outcome = ImportOutcome("staff")
    rows, outcome.problems = read(text, STAFF_COLUMNS)
    teams = {t.name.lower(): t for t in Team.objects.all()}
    lookups: dict[str, dict[str, Any]] = {
        "service": {s.name.lower(): s for s in Service.objects.all()},
        "district": {d.name.lower(): d for d in District.objects.all()},
        "area": {a.name.lower(): a for a in Area.objects.all()},
    }
    existing = {
        u.username: u
        for u in User.objects.filter(username__in={r["username"] for r in rows}).select_related(
            "team"
        )
    }
    first_rows: dict[str, tuple[int, dict[str, str]]] = {}
    for number, row in enumerate(rows, start=2):
        first_rows.setdefault(row["username"], (number, row))
        outcome.problems += _row_problems(number, row, actor=actor, teams=teams, lookups=lookups)
        outcome.problems += _overwrite_problems(
            number, row, existing=existing, first_rows=first_rows
        )
    if outcome.problems or not rows:
        if not rows and not outcome.problems:
            outcome.problems.append(RowProblem(2, "", "", "The file has no rows to import."))
        return outcome
    outcome.created, per_person = _write(
        actor, rows, existing=existing, teams=teams, lookups=lookups
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        summary=(
            f"Imported staff ({len(rows)} rows): {outcome.created['people']} people added, "
            f"{outcome.created['roles']} roles given, "
            f"{outcome.created['role requests']} roles waiting for approval"
        ),
        changes={**outcome.created, "people": per_person},
    )
    return outcome


def _write(
    actor: Any,
    rows: list[dict[str, str]],
    *,
    existing: dict[str, User],
    teams: dict[str, Team],
    lookups: dict[str, dict[str, Any]],
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """Add the new people, give or ask for each role; what happened, per person."""
    per_person: dict[str, dict[str, Any]] = {}
    requests: list[RoleRequest] = []
    counts = {"people": 0, "roles": 0, "role requests": 0}
    for row in rows:
        username = row["username"]
        team = teams.get(row["team"].lower()) if row["team"] else None
        person = existing.get(username)
        entry = per_person.setdefault(
            username, {"added": person is None, "roles_given": [], "roles_asked": []}
        )
        if person is None:
            person = User(
                username=username,
                team=team,
                **{c: row[c] for c in ("first_name", "last_name", "email", "job_title")},
            )
            person.set_unusable_password()
            person.save()
            existing[username] = person
            counts["people"] += 1
        anchor = _anchor_for(row["role"], row["role_anchor"], lookups)
        if ROLES[row["role"]].scope is Scope.TEAM:
            anchor = {"team": team}
        anchors = {"team": None, "service": None, "district": None, "area": None, **anchor}
        if reads_children(row["role"]):
            request = role_request_create(
                actor=actor, person=person, role=row["role"], anchors=anchors, notify=False
            )
            requests.append(request)
            entry["roles_asked"].append(row["role"])
            counts["role requests"] += 1
        else:
            assignment_create(
                actor=actor, person=person, role=row["role"], anchors=anchors, extra={}
            )
            entry["roles_given"].append(row["role"])
            counts["roles"] += 1
    approvers_notify(actor=actor, requests=requests)
    return counts, per_person
