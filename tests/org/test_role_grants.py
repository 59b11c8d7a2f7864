"""Roles: nobody gives one to themselves, and child-level access takes a second person."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from assure.core.models import AuditEvent, Notification
from assure.core.records import policy_for
from assure.org import services
from assure.org.models import RoleAssignment, RoleRequest, User
from assure.org.policy import PEOPLE, ROLE_ASSIGNMENTS, ROLE_REQUESTS, reads_children
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _decide(client: Any, request: RoleRequest, decision: str, note: str = "") -> Any:
    prefix = f"r{request.pk}"
    return client.post(
        f"/admin/role-requests/{request.pk}/decide/",
        {f"{prefix}-decision": decision, f"{prefix}-note": note, f"{prefix}-version": 1},
    )


def test_the_people_and_role_policies_are_registered() -> None:
    assert policy_for(User) is PEOPLE and policy_for(RoleAssignment) is ROLE_ASSIGNMENTS
    assert policy_for(RoleRequest) is ROLE_REQUESTS
    assert not PEOPLE.child_level and not ROLE_ASSIGNMENTS.child_level
    assert reads_children("practitioner") and reads_children("qa_manager")
    for role in ("analyst", "elected_member", "partner", "administrator"):
        assert not reads_children(role)


def test_an_administrator_cannot_give_themselves_a_role_on_the_page(
    world: World, client_for: Any
) -> None:
    admin = world.user("administrator")
    client = client_for("administrator")
    page = client.get(f"/admin/people/{admin.pk}/roles/").content.decode()
    assert "Nobody can give a role to themselves" in page and "Give this role" not in page
    for role in ("analyst", "director"):
        response = client.post(f"/admin/people/{admin.pk}/roles/", {"role": role})
        assert response.status_code == 403
    assert list(RoleAssignment.objects.filter(user=admin).values_list("role", flat=True)) == [
        "administrator"
    ]
    assert not RoleRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        services.role_assign(actor=admin, person=admin, role="analyst")
    # Nor take one away from themselves.
    own = RoleAssignment.objects.get(user=admin)
    assert client.post(f"/admin/roles/{own.pk}/remove/").status_code == 403
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_role_without_child_access_is_given_at_once(world: World, client_for: Any) -> None:
    person = world.user("nobody")
    response = client_for("administrator").post(
        f"/admin/people/{person.pk}/roles/", {"role": "analyst"}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=person, role="analyst").exists()
    event = AuditEvent.objects.get(object_type="org.roleassignment", action="create")
    assert event.changes["given_by"] == "administrator" and event.changes["person"] == "nobody"


def test_a_role_reading_children_waits_for_a_second_person(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person = world.user("nobody")
    admin = client_for("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/people/{person.pk}/roles/", {"role": "team_manager", "team": world.team_a.pk}
        )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()
    request = RoleRequest.objects.get(person=person)
    assert request.status == "pending" and request.requested_by == world.user("administrator")
    assert "Waiting for approval" in admin.get(f"/admin/people/{person.pk}/roles/").content.decode()
    told = set(
        Notification.objects.filter(kind="role_request").values_list("user__username", flat=True)
    )
    assert told == {"qa_manager", "principal_social_worker", "director"}
    # Neither the administrator nor someone without an approving role may decide it.
    assert _decide(admin, request, "approve").status_code == 403
    assert _decide(client_for("team_manager"), request, "approve").status_code == 403
    assert client_for("qa_pdm").get("/admin/role-requests/").status_code == 403
    assert not RoleAssignment.objects.filter(user=person).exists()
    page = client_for("director").get("/admin/role-requests/").content.decode()
    assert "Team manager for Nobody Tester" in page
    response = _decide(client_for("director"), request, "approve")
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert assignment.role == "team_manager" and assignment.team == world.team_a
    given = AuditEvent.objects.get(object_type="org.roleassignment", action="create")
    assert given.changes["asked_by"] == "administrator"
    assert given.changes["approved_by"] == "director" and given.actor == world.user("director")
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == world.user("director")
    # Decided once: nobody decides it again.
    assert _decide(client_for("qa_manager"), request, "refuse", "x").status_code == 403


def test_refusing_needs_a_reason_and_gives_nothing(world: World, client_for: Any) -> None:
    person = world.user("nobody")
    request = services.role_assign(
        actor=world.user("administrator"), person=person, role="practitioner"
    )
    assert isinstance(request, RoleRequest)
    psw = client_for("principal_social_worker")
    response = _decide(psw, request, "refuse")
    assert response.status_code == 200 and "Say why the request is refused" in (
        response.content.decode()
    )
    assert _decide(psw, request, "refuse", "Not in a casework post").status_code == 302
    request.refresh_from_db()
    assert request.status == "refused" and not RoleAssignment.objects.filter(user=person).exists()


def test_nobody_approves_their_own_request_or_one_about_themselves(world: World) -> None:
    # An administrator who is also a director asks for someone: another person approves.
    both = world.user("director")
    RoleAssignment.objects.create(user=both, role="administrator")
    both = User.objects.get(pk=both.pk)
    request = services.role_assign(actor=both, person=world.user("nobody"), role="iro")
    assert isinstance(request, RoleRequest)
    assert not RoleRequest.objects.filter(ROLE_REQUESTS.awaiting(both)).exists()
    with pytest.raises(PermissionDenied):
        services.role_request_decide(actor=both, request_id=request.pk, approve=True)
    # A request about the QA manager is not theirs to approve.
    about_qa = services.role_assign(
        actor=world.user("administrator"), person=world.user("qa_manager"), role="cp_chair"
    )
    with pytest.raises(PermissionDenied):
        services.role_request_decide(
            actor=world.user("qa_manager"), request_id=about_qa.pk, approve=True
        )
    services.role_request_decide(
        actor=world.user("qa_manager"), request_id=request.pk, approve=True
    )
    assert RoleAssignment.objects.filter(user=world.user("nobody"), role="iro").exists()


def test_a_stale_decision_saves_nothing(world: World, client_for: Any) -> None:
    request = services.role_assign(
        actor=world.user("administrator"), person=world.user("nobody"), role="practitioner"
    )
    RoleRequest.objects.filter(pk=request.pk).update(version=2)
    response = _decide(client_for("qa_manager"), request, "approve")
    assert response.status_code == 409
    assert not RoleAssignment.objects.filter(user=world.user("nobody")).exists()
