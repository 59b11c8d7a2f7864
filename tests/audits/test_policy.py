"""The audits' policies: one place answers who may do what, and services, pages and the
API all ask it. Above all: nobody moderates or finalises an audit they conducted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from assure.audits import services
from assure.audits.models import Audit
from assure.audits.policy import AUDITS
from assure.audits.selectors import moderation_queue
from assure.core.records import policies
from assure.instruments.engine import tool_as_api
from tests.audits.conftest import answer_everything
from tests.audits.test_api_loop import api_client
from tests.conftest import World


def submitted_by(world: World, audit: Audit, auditor: str, grade: str = "good") -> Audit:
    """The audit reallocated to `auditor` (by the QA unit), answered and submitted by them."""
    person = world.user(auditor)
    if audit.auditor_id != person.pk:
        audit = services.audit_reassign(
            actor=world.user("qa_pdm"), audit_id=audit.pk, auditor=person, version=audit.version
        )
    audit = services.audit_save_draft(
        actor=person,
        audit_id=audit.pk,
        version=audit.version,
        responses=answer_everything(tool_as_api(audit.tool.parsed)),
    )
    return services.audit_submit(
        actor=person, audit_id=audit.pk, version=audit.version, grade=grade
    )


def test_every_audits_record_type_has_its_policy() -> None:
    registered = policies()
    for label in (
        "audits.audit",
        "audits.cycle",
        "audits.calendarentry",
        "audits.sample",
        "audits.appreciativeinquiry",
    ):
        assert label in registered, label
    assert registered["audits.audit"] is AUDITS


@pytest.mark.django_db
def test_a_moderating_manager_may_not_moderate_an_audit_they_conducted(
    world: World, allocated: Audit
) -> None:
    # The service manager holds MODERATE over team A, and here conducted the audit.
    audit = submitted_by(world, allocated, "service_manager")
    manager = world.user("service_manager")
    assert audit.moderator_id != manager.pk  # submitting never makes the auditor moderator
    assert not AUDITS.may(manager, "moderate", audit)
    with pytest.raises(PermissionDenied, match="You conducted this audit"):
        services.moderation_record(
            actor=manager, audit_id=audit.pk, version=audit.version, decision="agree"
        )
    refused = api_client("service_manager").post(
        f"/api/v1/audits/{audit.pk}/moderation",
        {"version": audit.version, "decision": "agree"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert audit.pk not in set(moderation_queue(manager).values_list("pk", flat=True))
    # Someone else moderates; the auditor still may not finalise it.
    audit = services.moderation_record(
        actor=world.user("qa_pdm"), audit_id=audit.pk, version=audit.version, decision="agree"
    )
    assert not AUDITS.may(manager, "finalise", audit)
    with pytest.raises(PermissionDenied):
        services.audit_finalise(actor=manager, audit_id=audit.pk, version=audit.version)
    audit = services.audit_finalise(
        actor=world.user("qa_pdm"), audit_id=audit.pk, version=audit.version
    )
    assert audit.status == Audit.Status.FINALISED


@pytest.mark.django_db
def test_the_qa_unit_may_not_moderate_an_audit_it_conducted(world: World, allocated: Audit) -> None:
    from assure.core.policy import forget_access
    from assure.org.models import RoleAssignment

    qa = world.user("qa_pdm")  # the QA unit's PDM, here also auditing for team A
    RoleAssignment.objects.create(user=qa, role="team_manager", team=world.team_a)
    forget_access(qa)
    audit = submitted_by(world, allocated, "qa_pdm")
    assert AUDITS.moderates(qa, audit) is False
    with pytest.raises(PermissionDenied):
        services.moderation_record(
            actor=qa, audit_id=audit.pk, version=audit.version, decision="agree"
        )
    assert AUDITS.may(world.user("service_manager"), "moderate", audit)


@pytest.mark.django_db
def test_who_may_answer_reallocate_and_add_actions(world: World, allocated: Audit) -> None:
    auditor, qa = world.user("team_manager"), world.user("qa_pdm")
    assert AUDITS.may(auditor, "answer", allocated)
    assert not AUDITS.may(qa, "answer", allocated)  # the QA unit sees it, but did not audit it
    assert AUDITS.may(qa, "reallocate", allocated)
    assert not AUDITS.may(auditor, "reallocate", allocated)
    assert AUDITS.may(auditor, "add_action", allocated)
    assert not AUDITS.may(world.user("service_manager"), "add_action", allocated)
    audit = submitted_by(world, allocated, "team_manager")
    # Submitted: the answers are final, it can no longer be reallocated, the moderator acts.
    assert not AUDITS.may(auditor, "answer", audit)
    assert not AUDITS.may(qa, "reallocate", audit)
    assert not AUDITS.may(auditor, "add_action", audit)
    assert AUDITS.may(world.user("service_manager"), "add_action", audit)
    with pytest.raises(PermissionDenied, match="answers are final"):
        services.audit_save_draft(
            actor=auditor, audit_id=audit.pk, version=audit.version, responses={}
        )


@pytest.mark.django_db
def test_reallocating_to_someone_who_does_not_audit_is_refused(
    world: World, allocated: Audit
) -> None:
    with pytest.raises(services.InvalidInput, match="is not one"):
        services.audit_reassign(
            actor=world.user("qa_pdm"),
            audit_id=allocated.pk,
            auditor=world.user("practitioner"),
            version=allocated.version,
        )


@pytest.mark.django_db
def test_a_draft_leaves_which_questions_changed_in_the_trail_never_the_answers(
    world: World, allocated: Audit
) -> None:
    from assure.core.models import AuditEvent

    services.audit_save_draft(
        actor=world.user("team_manager"),
        audit_id=allocated.pk,
        version=allocated.version,
        responses={"referral_response_timely": 6},
    )
    event = AuditEvent.objects.filter(object_id=str(allocated.pk), action="update").get()
    assert event.child_ref == "REF-OWN"
    assert event.changes["questions"] == ["referral_response_timely"]
    assert event.changes["status"] == ["allocated", "in_progress"]
    assert "responses" not in event.changes


AUDITS_SRC = Path(__file__).resolve().parents[2] / "src" / "assure" / "audits"


@pytest.mark.parametrize(
    "module",
    sorted(
        str(p.relative_to(AUDITS_SRC))
        for p in [*AUDITS_SRC.glob("views/*.py"), AUDITS_SRC / "dashboard_views.py"]
    ),
)
def test_views_never_write_the_trail_themselves(module: str) -> None:
    source = (AUDITS_SRC / module).read_text()
    assert not re.search(r"\btrail\.record\b|from assure\.core import .*\btrail\b", source)
