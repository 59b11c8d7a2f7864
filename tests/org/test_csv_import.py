from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assure.core.models import AuditEvent
from assure.org import csv_import
from assure.org.models import Area, RoleAssignment, RoleRequest, Team, User
from assure.org.services import role_request_decide
from tests.conftest import World

STRUCTURE = """area,district,service,service_kind,team
Coastal,Seaview,Children's social work,childrens_social_work,Seaview Assessment
Coastal,Seaview,Early help,early_help,Seaview Early Help
,,Front door,front_door,Front Door
"""


@pytest.mark.django_db
def test_structure_then_staff_import(world: World) -> None:
    admin = world.user("administrator")
    outcome = csv_import.structure_import(actor=admin, text=STRUCTURE)
    assert outcome.ok, outcome.problems
    assert outcome.created == {"areas": 1, "districts": 1, "services": 1, "teams": 3}
    assert Team.objects.get(name="Front Door").district is None
    staff = (
        "username,first_name,last_name,email,job_title,team,role,role_anchor\n"
        "sam.w,Sam,Wells,sam@example.org,Social worker,Seaview Assessment,practitioner,\n"
        "tia.m,Tia,Moss,tia@example.org,Team manager,seaview assessment,team_manager,\n"
        "ola.k,Ola,Kay,ola@example.org,Service manager,,service_manager,Children's social work\n"
    )
    outcome = csv_import.staff_import(actor=admin, text=staff)
    assert outcome.ok, outcome.problems
    assert User.objects.get(username="tia.m").team.name == "Seaview Assessment"
    # Roles that read children's records wait for a second person; the file only asks.
    assert not RoleAssignment.objects.filter(user__username="tia.m").exists()
    request = RoleRequest.objects.get(person__username="tia.m")
    role_request_decide(actor=world.user("qa_manager"), request_id=request.pk, approve=True)
    assert RoleAssignment.objects.get(user__username="tia.m").team.name == "Seaview Assessment"
    assert not User.objects.get(username="sam.w").has_usable_password()


@pytest.mark.django_db
def test_one_bad_row_rejects_the_file_and_names_row_and_column(world: World) -> None:
    admin = world.user("administrator")
    bad = STRUCTURE + "Coastal,Seaview,Youth justice,youth_justis,Seaview YJ\n,Dockside,X,sen,Y\n"
    outcome = csv_import.structure_import(actor=admin, text=bad)
    assert not outcome.ok
    assert [str(p) for p in outcome.problems] == [
        "Row 5, column service_kind ('youth_justis'): Use one of: "
        + ", ".join(
            k for k, _ in __import__("assure.org.models", fromlist=["Service"]).Service.Kind.choices
        )
        + ".",
        "Row 6, column district ('Dockside'): Give both area and district, or neither for a "
        "county-wide team.",
    ]
    assert not Area.objects.filter(name="Coastal").exists()


@pytest.mark.django_db
def test_missing_column_is_reported(world: World) -> None:
    outcome = csv_import.staff_import(
        actor=world.user("administrator"), text="username,first_name\nx,y\n"
    )
    assert not outcome.ok
    assert "Row 1, column last_name: This column is missing from the header row." in [
        str(p) for p in outcome.problems
    ]


@pytest.mark.django_db
def test_import_page(world: World, client_for: Any) -> None:
    admin = client_for("administrator")
    upload = SimpleUploadedFile("s.csv", ("\ufeff" + STRUCTURE).encode("utf-8"))
    checked = admin.post("/admin/import/", {"kind": "structure", "file": upload})
    page = checked.content.decode()
    assert "Check what this file will do" in page and "new team" in page
    assert not Team.objects.filter(
        name__in=[line.what for line in checked.context["preview"].lines]
    ).exists()
    token = checked.context["token"]
    response = admin.post("/admin/import/", {"kind": "structure", "confirm": token}, follow=True)
    assert "Imported. New: 1 areas, 1 districts, 1 services, 3 teams." in response.content.decode()
    again = admin.post("/admin/import/", {"kind": "structure", "confirm": token}, follow=True)
    assert "no longer waiting" in again.content.decode()  # a preview is imported once
    latin = SimpleUploadedFile("s.csv", "area\nCaf\xe9\n".encode("latin-1"))
    response = admin.post("/admin/import/", {"kind": "structure", "file": latin})
    assert "save it as &#x27;CSV UTF-8&#x27;" in response.content.decode()


HEADER = "username,first_name,last_name,email,job_title,team,role,role_anchor\n"


def _problems(outcome: csv_import.ImportOutcome) -> list[str]:
    return [str(p) for p in outcome.problems]


@pytest.mark.django_db
def test_the_staff_import_never_gives_the_importer_a_role(world: World) -> None:
    admin = world.user("administrator")
    text = HEADER + "administrator,Administrator,Tester,administrator@example.org,,,analyst,\n"
    outcome = csv_import.staff_import(actor=admin, text=text)
    assert _problems(outcome) == [
        "Row 2, column username ('administrator'): Nobody can give a role to themselves. "
        "Ask another administrator."
    ]
    assert list(RoleAssignment.objects.filter(user=admin).values_list("role", flat=True)) == [
        "administrator"
    ]


@pytest.mark.django_db
def test_an_existing_person_is_never_overwritten(world: World) -> None:
    admin = world.user("administrator")
    text = (
        HEADER
        + "practitioner,Pat,Tester,practitioner@example.org,,A Family Support,analyst,\n"
        + "other-practitioner,Other-Practitioner,Tester,new@example.org,,B Family Support,"
        "analyst,\n"
    )
    outcome = csv_import.staff_import(actor=admin, text=text)
    assert _problems(outcome) == [
        "Row 2, column first_name ('Pat'): practitioner is already in Assure with first_name "
        "'Practitioner'. A file never overwrites a person: change them on their page, or make "
        "the file match.",
        "Row 3, column email ('new@example.org'): other-practitioner is already in Assure with "
        "email 'other-practitioner@example.org'. A file never overwrites a person: change them "
        "on their page, or make the file match.",
        "Row 3, column team ('B Family Support'): other-practitioner is already in Assure with "
        "team 'A Family Support'. A file never overwrites a person: change them on their page, "
        "or make the file match.",
    ]
    person = User.objects.get(username="other-practitioner")
    assert person.email == "other-practitioner@example.org" and person.team == world.team_a
    assert not RoleAssignment.objects.filter(
        role="analyst", user__username__in=["practitioner", "other-practitioner"]
    ).exists()


@pytest.mark.django_db
def test_two_rows_of_one_new_person_must_agree(world: World) -> None:
    text = (
        HEADER
        + "new.one,New,One,one@example.org,,A Family Support,analyst,\n"
        + "new.one,New,Won,one@example.org,,A Family Support,partner,\n"
    )
    outcome = csv_import.staff_import(actor=world.user("administrator"), text=text)
    assert _problems(outcome) == [
        "Row 3, column last_name ('Won'): Row 2 gives new.one the last_name 'One'; every row "
        "of one person must give the same details."
    ]
    assert not User.objects.filter(username="new.one").exists()


@pytest.mark.django_db
def test_the_trail_says_what_the_import_did_to_each_person(world: World) -> None:
    text = (
        HEADER + "practitioner,Practitioner,Tester,practitioner@example.org,,A Family Support,"
        "analyst,\n"
        + "new.one,New,One,one@example.org,,A Family Support,practitioner,\n"
        + "new.one,New,One,one@example.org,,A Family Support,partner,\n"
    )
    outcome = csv_import.staff_import(actor=world.user("administrator"), text=text)
    assert outcome.ok, _problems(outcome)
    assert outcome.created == {"people": 1, "roles": 2, "role requests": 1}
    event = AuditEvent.objects.get(action="import")
    assert "1 people added, 2 roles given, 1 roles waiting for approval" in event.summary
    assert event.changes["people"] == {
        "practitioner": {"added": False, "roles_given": ["analyst"], "roles_asked": []},
        "new.one": {"added": True, "roles_given": ["partner"], "roles_asked": ["practitioner"]},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["../evil<b>x</b>", "two words", "semi;colon", "a+b"])
def test_usernames_are_checked(world: World, username: str) -> None:
    text = HEADER + f"{username},Eve,Il,eve@example.org,,,analyst,\n"
    outcome = csv_import.staff_import(actor=world.user("administrator"), text=text)
    assert _problems(outcome) == [
        f"Row 2, column username ({username!r}): Use only letters, digits and . - _ @ "
        "(at most 150 characters)."
    ]
    assert not User.objects.filter(first_name="Eve").exists()


@pytest.mark.django_db
def test_a_person_page_refuses_a_bad_username(world: World, client_for: Any) -> None:
    response = client_for("administrator").post(
        "/admin/people/new/",
        {"username": "../evil<b>x</b>", "first_name": "E", "email": "e@example.org"},
    )
    assert response.status_code == 200
    assert "Use only letters, digits and . - _ @" in response.content.decode()
    assert not User.objects.filter(first_name="E").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["structure", "staff"])
def test_a_nul_byte_or_bytes_that_are_not_utf8_name_their_row(
    world: World, client_for: Any, kind: str
) -> None:
    admin = world.user("administrator")
    run = csv_import.structure_import if kind == "structure" else csv_import.staff_import
    header = STRUCTURE.splitlines()[0] if kind == "structure" else HEADER.strip()
    good = (
        "Coastal,Seaview,Early help,early_help,Team X"
        if kind == "structure"
        else ("sam.w,Sam,Wells,sam@example.org,,,analyst,")
    )
    with_nul = f"{header}\n{good}\n{good}\x00\n".encode()
    outcome = run(actor=admin, text=with_nul)
    assert len(outcome.problems) == 1 and str(outcome.problems[0]).startswith("Row 3: ")
    assert "NUL" in str(outcome.problems[0])
    latin = f"{header}\n{good}\n{good}\n".encode() + "Caf\xe9,,,,\n".encode("latin-1")
    outcome = run(actor=admin, text=latin)
    assert _problems(outcome) == [
        "Row 4: This row is not UTF-8 text. In Excel, save it as 'CSV UTF-8' and upload it again."
    ]
    response = client_for("administrator").post(
        "/admin/import/",
        {"kind": kind, "file": SimpleUploadedFile("s.csv", with_nul)},
    )
    assert response.status_code == 200 and "Row 3: This row holds a NUL" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="sam.w").exists()
    assert not Team.objects.filter(name="Team X").exists()


@pytest.mark.django_db
def test_moving_a_team_by_import_is_history(world: World) -> None:
    text = (
        "area,district,service,service_kind,team\n"
        "South,District B,Children's social work,childrens_social_work,A Family Support\n"
    )
    outcome = csv_import.structure_import(actor=world.user("administrator"), text=text)
    assert outcome.ok
    world.team_a.refresh_from_db()
    assert world.team_a.district == world.district_b
    moved = AuditEvent.objects.get(object_type="org.team", action="import")
    assert moved.changes == {"district": ["District A", "District B"]}
