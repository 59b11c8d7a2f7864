"""The moderation page shows what it moderates; a changed grade needs its grade and
reason; finalising asks first."""

from __future__ import annotations

from typing import Any

import pytest

from assure.audits import services
from assure.audits.models import Audit
from assure.core.models import AuditEvent
from assure.instruments.engine import tool_as_api
from tests.audits.conftest import answer_everything
from tests.conftest import World


def submitted(world: World, audit: Audit, **answers: Any) -> Audit:
    responses = {**answer_everything(tool_as_api(audit.tool.parsed)), **answers}
    auditor = world.user("team_manager")
    services.audit_save_draft(
        actor=auditor, audit_id=audit.pk, version=audit.version, responses=responses
    )
    audit.refresh_from_db()
    services.audit_submit(actor=auditor, audit_id=audit.pk, version=audit.version, grade="good")
    audit.refresh_from_db()
    return audit


def text_question(audit: Audit) -> str:
    return next(
        q.key
        for s in audit.tool.parsed.sections
        for q in s.questions
        if q.type in ("text", "textarea")
    )


@pytest.mark.django_db
def test_the_answers_are_beside_the_decision_and_the_viewing_is_trailed(
    world: World, allocated: Audit, client_for: Any
) -> None:
    key = text_question(allocated)
    audit = submitted(world, allocated, **{key: "The plan names who does what by when"})
    before = AuditEvent.objects.filter(action="view", child_ref="REF-OWN").count()
    html = client_for("service_manager").get(f"/audits/{audit.pk}/moderate/").content.decode()
    assert "What the auditor found" in html
    assert "The plan names who does what by when" in html
    for section in audit.tool.parsed.sections:
        assert section.title.replace("'", "&#x27;") in html
    assert "Auditor's grade" in html and "<strong>Good</strong>" in html
    assert AuditEvent.objects.filter(action="view", child_ref="REF-OWN").count() == before + 1


@pytest.mark.django_db
def test_the_new_grade_and_reason_belong_to_change(
    world: World, allocated: Audit, client_for: Any
) -> None:
    audit = submitted(world, allocated)
    moderator = client_for("service_manager")
    url = f"/audits/{audit.pk}/moderate/"
    html = moderator.get(url).content.decode()
    # A conditional reveal, in CSS: in the page whatever the browser, hidden until "change".
    assert 'value="change" aria-controls="conditional-change"' in html
    assert 'class="govuk-radios__conditional assure-reveal__content"' in html
    assert "The grade it should have (optional)" not in html
    refused = moderator.post(url, {"version": audit.version, "decision": "change"})
    html = refused.content.decode()
    assert 'href="#id_grade"' in html and 'href="#id_reason"' in html
    assert "Choose the moderated grade." in html and "Say why the grade changes." in html
    # Sent back with "change" chosen, the fields to fix show (the radio is checked).
    assert 'id="id_decision_2" name="decision" type="radio" value="change" checked' in html
    # A grade typed under "change" and left behind by choosing "agree" is not recorded.
    moderator.post(
        url,
        {"version": audit.version, "decision": "agree", "grade": "inadequate", "reason": "x"},
    )
    audit.refresh_from_db()
    assert audit.moderated_grade == "good" and audit.moderation.reason == ""


@pytest.mark.django_db
def test_finalising_asks_first(world: World, allocated: Audit, client_for: Any) -> None:
    audit = submitted(world, allocated)
    moderator = client_for("service_manager")
    moderator.post(f"/audits/{audit.pk}/moderate/", {"version": audit.version, "decision": "agree"})
    audit.refresh_from_db()
    detail = moderator.get(f"/audits/{audit.pk}/").content.decode()
    assert f'action="/audits/{audit.pk}/finalise/"' in detail
    asked = moderator.post(f"/audits/{audit.pk}/finalise/", {"version": audit.version})
    html = asked.content.decode()
    assert asked.status_code == 200 and "cannot be undone" in html
    assert 'name="confirm" value="yes"' in html and "Yes, finalise the audit" in html
    audit.refresh_from_db()
    assert audit.status == "in_moderation"
    done = moderator.post(
        f"/audits/{audit.pk}/finalise/", {"version": audit.version, "confirm": "yes"}
    )
    assert done.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "finalised" and audit.final_grade == "good"
    # Someone who may not finalise is told why on the audit, not shown the question.
    refused = client_for("team_manager").post(
        f"/audits/{audit.pk}/finalise/", {"version": audit.version}
    )
    assert refused.status_code in (302, 403)
