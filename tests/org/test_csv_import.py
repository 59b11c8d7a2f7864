from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
    response = admin.post("/admin/import/", {"kind": "structure", "file": upload}, follow=True)
    assert "Imported. New: 1 areas, 1 districts, 1 services, 3 teams." in response.content.decode()
    latin = SimpleUploadedFile("s.csv", "area\nCaf\xe9\n".encode("latin-1"))
    response = admin.post("/admin/import/", {"kind": "structure", "file": latin})
    assert "save it as &#x27;CSV UTF-8&#x27;" in response.content.decode()
