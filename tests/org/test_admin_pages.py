"""An administrator maintains the authority in the web pages; every change is history."""

from __future__ import annotations

from typing import Any

import pytest

from assure.core.models import AuditEvent
from assure.org.models import Case, RoleAssignment, RoleRequest, Team
from tests.conftest import World


@pytest.mark.django_db
def test_admin_adds_and_renames_a_team(world: World, client_for: Any) -> None:
    admin = client_for("administrator")
    response = admin.post(
        "/admin/teams/new/",
        {"name": "A Assessment", "service": world.csw.pk, "district": world.district_a.pk},
    )
    assert response.status_code == 302
    team = Team.objects.get(name="A Assessment")
    admin.post(
        f"/admin/teams/{team.pk}/",
        {"name": "A Assessment Team", "service": world.csw.pk, "district": world.district_a.pk},
    )
    team.refresh_from_db()
    assert team.name == "A Assessment Team"
    change = AuditEvent.objects.get(action="update", object_type="org.team")
    assert change.changes == {"name": ["A Assessment", "A Assessment Team"]}
    assert change.actor == world.user("administrator")


@pytest.mark.django_db
def test_bad_input_names_the_field_and_saves_nothing(world: World, client_for: Any) -> None:
    admin = client_for("administrator")
    response = admin.post("/admin/teams/new/", {"name": "", "service": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and 'href="#id_name"' in html
    assert Team.objects.count() == 3
    assert not AuditEvent.objects.filter(object_type="org.team").exists()


@pytest.mark.django_db
def test_admin_gives_and_removes_a_role(world: World, client_for: Any) -> None:
    admin = client_for("administrator")
    person = world.user("nobody")
    response = admin.post(f"/admin/people/{person.pk}/roles/", {"role": "service_manager"})
    assert "Choose the service this service manager covers." in response.content.decode()
    admin.post(
        f"/admin/people/{person.pk}/roles/",
        {"role": "service_manager", "service": world.csw.pk, "area": world.south.pk},
    )
    # A service manager reads children's records: a second person approves first.
    assert not RoleAssignment.objects.filter(user=person).exists()
    request = RoleRequest.objects.get(person=person, status="pending")
    client_for("qa_manager").post(
        f"/admin/role-requests/{request.pk}/decide/",
        {f"r{request.pk}-decision": "approve", f"r{request.pk}-version": request.version},
    )
    assignment = RoleAssignment.objects.get(user=person)
    from django.contrib.auth import get_user_model

    from assure.org.selectors import cases_visible_to

    fresh = get_user_model().objects.get(pk=person.pk)
    assert {c.child.reference for c in cases_visible_to(fresh)} == {"REF-OTHER_AREA"}
    admin.post(f"/admin/roles/{assignment.pk}/remove/")
    assert not RoleAssignment.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(action="delete", summary__icontains="service manager").exists()


@pytest.mark.django_db
def test_admin_adds_a_case_with_a_minimal_child_record(world: World, client_for: Any) -> None:
    admin = client_for("administrator")
    admin.post(
        "/admin/cases/new/",
        {
            "reference": "NEW-1",
            "age_band": "1_4",
            "case_type": "cp",
            "team": world.team_a.pk,
            "allocated_worker": world.user("practitioner").get_full_name(),
            "opened_on": "2026-10-01",
        },
    )
    case = Case.objects.get(child__reference="NEW-1")
    assert case.case_type == "cp" and case.allocated_worker == world.user("practitioner")
    assert AuditEvent.objects.get(action="create", object_type="org.case").child_ref == "NEW-1"
