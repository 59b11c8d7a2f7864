"""The audit journey through the pages, and who may use them."""

from __future__ import annotations

from typing import Any

import pytest
from docx import Document

from assure.audits.models import Audit
from assure.core.models import AuditEvent
from assure.instruments.engine import tool_as_api
from tests.audits.conftest import answer_everything
from tests.conftest import World


def form_data(audit: Audit, **extra: Any) -> dict[str, Any]:
    data = {k: str(v) for k, v in answer_everything(tool_as_api(audit.tool.parsed)).items()}
    return {**data, "version": audit.version, **extra}


@pytest.mark.django_db
def test_auditor_saves_then_submits_through_the_page(
    world: World, allocated: Audit, client_for: Any
) -> None:
    auditor = client_for("team_manager")
    page = auditor.get(f"/audits/{allocated.pk}/answer/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Reason for referral and response" in html and "Outstanding" in html
    assert "The child&#x27;s experience and progress are exceptional" in html  # descriptors
    draft = auditor.post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version, "intent": "save", "referral_response_timely": "6"},
    )
    assert draft.status_code == 302
    allocated.refresh_from_db()
    assert allocated.responses == {"referral_response_timely": 6}
    assert allocated.status == "in_progress"
    incomplete = auditor.post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version, "intent": "submit", "grade": "good"},
    )
    assert "There is a problem" in incomplete.content.decode()
    assert Audit.objects.get(pk=allocated.pk).status == "in_progress"
    no_grade = auditor.post(
        f"/audits/{allocated.pk}/answer/", form_data(allocated, intent="submit")
    )
    assert "Choose the overall grade." in no_grade.content.decode()
    allocated.refresh_from_db()
    done = auditor.post(
        f"/audits/{allocated.pk}/answer/",
        form_data(allocated, intent="submit", grade="outstanding"),
    )
    assert done.status_code == 302
    allocated.refresh_from_db()
    assert allocated.status == "submitted" and allocated.auditor_grade == "outstanding"


@pytest.mark.django_db
def test_stale_form_saves_nothing(world: World, allocated: Audit, client_for: Any) -> None:
    auditor = client_for("team_manager")
    response = auditor.post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version + 5, "intent": "save", "referral_response_timely": "6"},
    )
    assert "changed since you opened it" in response.content.decode()
    allocated.refresh_from_db()
    assert allocated.responses == {}


@pytest.mark.django_db
def test_moderate_finalise_and_download(world: World, allocated: Audit, client_for: Any) -> None:
    from assure.audits import services

    services.audit_save_draft(
        actor=world.user("team_manager"),
        audit_id=allocated.pk,
        version=allocated.version,
        responses=answer_everything(tool_as_api(allocated.tool.parsed)),
    )
    allocated.refresh_from_db()
    services.audit_submit(
        actor=world.user("team_manager"),
        audit_id=allocated.pk,
        version=allocated.version,
        grade="good",
    )
    allocated.refresh_from_db()
    moderator = client_for("service_manager")
    refused = moderator.post(
        f"/audits/{allocated.pk}/moderate/",
        {"version": allocated.version, "decision": "change", "grade": "inadequate"},
    )
    assert "Say why the grade changes." in refused.content.decode()
    moderator.post(
        f"/audits/{allocated.pk}/moderate/",
        {
            "version": allocated.version,
            "decision": "change",
            "grade": "inadequate",
            "reason": "Risks not managed",
        },
    )
    allocated.refresh_from_db()
    assert allocated.moderated_grade == "inadequate" and allocated.auditor_grade == "good"
    moderator.post(
        f"/audits/{allocated.pk}/actions/new/",
        {
            "description": "Review the safety plan",
            "owner": "practitioner",
            "due_date": "2099-01-31",
        },
    )
    allocated.refresh_from_db()
    moderator.post(
        f"/audits/{allocated.pk}/finalise/", {"version": allocated.version, "confirm": "yes"}
    )
    allocated.refresh_from_db()
    assert allocated.status == "finalised" and allocated.final_grade == "inadequate"

    auditor = client_for("team_manager")
    docx = auditor.get(f"/audits/{allocated.pk}/document.docx")
    assert docx.status_code == 200
    import io

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Review the safety plan" in text and "Risks not managed" in text
    pdf = auditor.get(f"/audits/{allocated.pk}/document.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_id=str(allocated.pk)).count() == 2


@pytest.mark.django_db
def test_viewing_an_audit_is_in_the_trail_and_scoped(
    world: World, allocated: Audit, client_for: Any
) -> None:
    assert client_for("practitioner").get(f"/audits/{allocated.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="view", child_ref="REF-OWN").exists()
    assert client_for("elected_member").get(f"/audits/{allocated.pk}/").status_code == 403
    assert client_for("practitioner").get(f"/audits/{allocated.pk}/answer/").status_code == 403
    other = Audit.objects.exclude(team=world.team_a).first()
    assert other is not None
    assert client_for("practitioner").get(f"/audits/{other.pk}/").status_code == 404


@pytest.mark.django_db
def test_home_shows_allocated_audits(world: World, allocated: Audit, client_for: Any) -> None:
    html = client_for("team_manager").get("/").content.decode()
    assert "Audits waiting for you" in html and "Audit of case REF-OWN" in html
    html = client_for("practitioner").get("/").content.decode()
    assert "Audits of your cases" in html and "REF-OWN" in html


@pytest.mark.django_db
def test_qa_unit_draws_and_allocates_through_the_pages(world: World, client_for: Any) -> None:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    qa = client_for("qa_pdm")
    response = qa.post("/audits/cycles/", {"year": 2026, "number": 3, "starts_on": "2026-09-01"})
    assert response.status_code == 302
    cycle_url = response["Location"]
    response = qa.post(
        cycle_url, {"round": 1, "target": 2, "min_per_team": 1, "exclude_months": 6, "seed": 5}
    )
    assert response.status_code == 302
    sample_page = qa.get(response["Location"]).content.decode()
    assert "Why this case" in sample_page and "seed 5" in sample_page
    allocate = qa.post(response["Location"], {"intent": "allocate"}, follow=True)
    assert "team manager to audit" in allocate.content.decode()  # teams B and EH lack one


@pytest.mark.django_db
def test_the_case_page_shows_the_childs_qa_record(
    world: World, allocated: Audit, client_for: Any
) -> None:
    html = client_for("practitioner").get(f"/cases/{allocated.case_id}/").content.decode()
    assert "Case audits" in html and f"/audits/{allocated.pk}/" in html
    assert "Conferences and reviews" in html


@pytest.mark.django_db
def test_qa_unit_reallocates_an_audit(world: World, allocated: Audit, client_for: Any) -> None:
    qa = client_for("qa_pdm")
    assert "Reallocate" in qa.get(f"/audits/{allocated.pk}/").content.decode()
    refused = qa.post(
        f"/audits/{allocated.pk}/reallocate/",
        {"auditor": "practitioner", "version": allocated.version},
        follow=True,
    )
    assert "Practitioner Tester cannot be the auditor here" in refused.content.decode()
    # Chosen by name, as people know each other; the page suggests the auditing managers.
    assert "Service_Manager Tester (service_manager)" in refused.content.decode()
    qa.post(
        f"/audits/{allocated.pk}/reallocate/",
        {"auditor": "Service_Manager Tester", "version": allocated.version},
    )
    allocated.refresh_from_db()
    assert allocated.auditor == world.user("service_manager")
    assert allocated.changes.filter(kind="reallocated").exists()
    assert (
        client_for("team_manager")
        .post(f"/audits/{allocated.pk}/reallocate/", {"auditor": "x"})
        .status_code
        == 403
    )
