"""The audit form never loses work (server side): honest labels, GOV.UK classes, one
error summary naming each section, drafts saved in the background, and the session."""

from __future__ import annotations

import re
import time
from html import unescape
from typing import Any

import pytest

from assure.audits.models import Audit
from assure.core.middleware import InactivityTimeoutMiddleware
from assure.core.models import AuditEvent
from assure.instruments.forms import ToolForm
from assure.instruments.registry import tool_current, tool_files
from tests.conftest import World

FIRST_SCALE = "How timely and proportionate was the response to the reason for referral?"


def answer_page(client: Any, audit: Audit) -> str:
    response = client.get(f"/audits/{audit.pk}/answer/")
    assert response.status_code == 200
    return str(response.content.decode())


def labels(html: str) -> list[str]:
    """The text of every label and legend, tags stripped."""
    found = re.findall(r"<(?:label|legend)[^>]*>(.*?)</(?:label|legend)>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in found]


@pytest.mark.django_db
def test_required_questions_are_not_optional_and_optional_ones_say_so(
    world: World, allocated: Audit, client_for: Any
) -> None:
    shown = labels(answer_page(client_for("team_manager"), allocated))
    assert FIRST_SCALE in shown
    assert "Practice strengths" in shown
    assert not [text for text in shown if "Practice strengths" in text and "optional" in text]
    # cype_audit marks these two `required: false`.
    assert "How the practice framework shows in the work (optional)" in shown
    assert (
        "How has training or development changed the practitioner's practice? (optional)" in shown
    )
    assert "Overall grade" in shown


@pytest.mark.django_db
def test_every_tool_draws_its_inputs_with_govuk_classes() -> None:
    keys = [path.stem for path in tool_files()]
    assert {"cype_audit", "cpc_qa", "iro_qa", "appreciative_inquiry"} <= set(keys)
    for key in keys:
        tool = tool_current(key).parsed
        for bound in ToolForm(tool, require=True):
            html = str(bound)
            kind = tool.questions[bound.name].type
            if kind == "text":
                assert 'class="govuk-textarea"' in html, (key, bound.name, html)
            elif kind == "date":
                assert 'class="govuk-input govuk-input--width-10"' in html, (key, html)
            else:
                assert 'class="govuk-radios__input"' in html, (key, bound.name, html)


@pytest.mark.django_db
def test_a_field_in_error_gets_the_govuk_error_class() -> None:
    tool = tool_current("appreciative_inquiry").parsed
    form = ToolForm(tool, {}, require=True)
    assert not form.is_valid()
    text_key = next(q.key for q in tool.questions.values() if q.type == "text" and q.required)
    assert "govuk-textarea--error" in str(form[text_key])


@pytest.mark.django_db
def test_one_error_summary_naming_each_section_and_linking_to_the_field(
    world: World, allocated: Audit, client_for: Any
) -> None:
    response = client_for("team_manager").post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version, "intent": "submit", "referral_strengths": "Prompt."},
    )
    html = response.content.decode()
    assert html.count("There is a problem") == 1
    start = html.index("govuk-error-summary")
    summary = html[start : html.index("</ul>", start)]
    assert (
        '<a href="#id_referral_response_timely_0">Section 1, Reason for referral and response: '
        "answer &#x27;How timely and proportionate was the response to the reason for "
        "referral?&#x27;</a>"
    ) in summary
    assert (
        '<a href="#id_assessment_strengths">Section 2, Assessment: answer '
        "&#x27;Practice strengths&#x27;</a>"
    ) in summary
    assert '<a href="#id_grade_0">Overall grade: Choose the overall grade.</a>' in summary
    # Optional questions are not asked for; the answer given is not asked for again.
    assert "framework_how" not in summary and "id_referral_strengths" not in summary
    # Each field carries its own message beside it, and the fields link targets exist.
    assert 'id="id_referral_response_timely_0"' in html and 'id="id_assessment_strengths"' in html
    assert "Answer this question." in html
    # What was typed is kept even though the submission was refused.
    allocated.refresh_from_db()
    assert allocated.responses == {"referral_strengths": "Prompt."}
    assert allocated.status == Audit.Status.IN_PROGRESS


@pytest.mark.django_db
def test_save_draft_is_at_the_end_of_every_section(
    world: World, allocated: Audit, client_for: Any
) -> None:
    html = answer_page(client_for("team_manager"), allocated)
    sections = len(allocated.tool.parsed.sections)
    assert html.count(">Save draft</button>") == sections + 1  # and beside "Submit"
    for number in range(1, sections + 1):
        start = html.index(f'id="section-{number}"')
        end = html.find(f'id="section-{number + 1}"')
        assert ">Save draft</button>" in html[start : end if end > 0 else None]


@pytest.mark.django_db
def test_background_save_answers_json_and_keeps_the_version(
    world: World, allocated: Audit, client_for: Any
) -> None:
    auditor = client_for("team_manager")
    url = f"/audits/{allocated.pk}/answer/"
    saved = auditor.post(
        url,
        {"version": allocated.version, "autosave": "1", "referral_strengths": "Prompt visits."},
    )
    assert saved.status_code == 200
    answer = saved.json()
    allocated.refresh_from_db()
    assert answer["version"] == allocated.version
    assert re.fullmatch(r"\d\d:\d\d", answer["saved_at"])
    assert 1790 <= answer["session_seconds"] <= 1800
    assert allocated.responses == {"referral_strengths": "Prompt visits."}
    # No "Draft saved." banner waits for the next page: a background save says it itself.
    assert "Draft saved." not in answer_page(auditor, allocated)

    # The same form again changes nothing: no new version, no trail event.
    events = AuditEvent.objects.count()
    again = auditor.post(
        url,
        {"version": allocated.version, "autosave": "1", "referral_strengths": "Prompt visits."},
    )
    assert again.json()["version"] == allocated.version
    assert AuditEvent.objects.count() == events

    # Emptying the box clears the answer instead of keeping the old one.
    auditor.post(url, {"version": allocated.version, "autosave": "1", "referral_strengths": ""})
    allocated.refresh_from_db()
    assert allocated.responses == {}


@pytest.mark.django_db
def test_background_save_of_a_stale_page_is_refused_plainly(
    world: World, allocated: Audit, client_for: Any
) -> None:
    stale = client_for("team_manager").post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version + 3, "autosave": "1", "referral_strengths": "Late."},
    )
    assert stale.status_code == 409
    assert "changed somewhere else" in stale.json()["detail"]
    allocated.refresh_from_db()
    assert allocated.responses == {}


@pytest.mark.django_db
def test_background_save_names_a_bad_answer_by_section(
    world: World, allocated: Audit, client_for: Any
) -> None:
    bad = client_for("team_manager").post(
        f"/audits/{allocated.pk}/answer/",
        {"version": allocated.version, "autosave": "1", "referral_response_timely": "11"},
    )
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith(
        "Not saved yet: Section 1, Reason for referral and response: "
    )


@pytest.mark.django_db
def test_the_page_tells_the_browser_how_long_the_session_has(
    world: World, allocated: Audit, client_for: Any
) -> None:
    auditor = client_for("team_manager")
    session = auditor.session
    session[InactivityTimeoutMiddleware.KEY] = int(time.time()) - 50  # within the minute
    session.save()
    html = answer_page(auditor, allocated)
    seconds = int(re.search(r'data-session-seconds="(\d+)"', html).group(1))  # type: ignore[union-attr]
    assert 1745 <= seconds <= 1750
    assert 'data-stay-url="/session/stay-signed-in/"' in html
    assert "form-keeper.js" in html and "<script>" not in html  # a file, never inline


@pytest.mark.django_db
def test_stay_signed_in_restarts_the_idle_timer(world: World, client_for: Any) -> None:
    auditor = client_for("team_manager")
    session = auditor.session
    session[InactivityTimeoutMiddleware.KEY] = int(time.time()) - 50
    session.save()
    response = auditor.post("/session/stay-signed-in/")
    assert response.status_code == 200
    assert 1799 <= response.json()["session_seconds"] <= 1800
    assert auditor.get("/session/stay-signed-in/").status_code == 405
    anonymous = client_for("anonymous").post("/session/stay-signed-in/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_the_appreciative_inquiry_form_has_one_summary_by_section(
    world: World, client_for: Any
) -> None:
    qa = client_for("qa_pdm")
    page = qa.get("/audits/inquiries/new/")
    assert page.status_code == 200
    assert 'data-keeper="inquiry-new"' in page.content.decode()
    refused = unescape(qa.post("/audits/inquiries/new/", {"kind": ""}).content.decode())
    assert refused.count("There is a problem") == 1
    tool = tool_current("appreciative_inquiry").parsed
    assert f"Section 1, {tool.sections[0].title}: answer" in refused
