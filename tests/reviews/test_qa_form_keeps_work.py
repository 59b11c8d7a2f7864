"""The chairs' QA form, drawn by the one tool form: GOV.UK classes, one error summary
whose errors name their section, and the script that keeps typing through a sign-out."""

from __future__ import annotations

from html import unescape
from typing import Any

import pytest

from assure.instruments.registry import tool_current
from tests.conftest import World


@pytest.mark.django_db
def test_the_chairs_qa_form_has_one_summary_by_section_and_keeps_typing(
    world: World, meetings: dict[str, Any], client_for: Any
) -> None:
    meeting = meetings["cp"]
    chair = client_for("cp_chair")
    page = chair.get(f"/chairs/meetings/{meeting.pk}/").content.decode()
    assert f'data-keeper="meeting-{meeting.pk}"' in page and "form-keeper.js" in page
    assert page.count("<textarea") == page.count("<textarea name") == page.count("govuk-textarea")
    refused = chair.post(f"/chairs/meetings/{meeting.pk}/", {"concern": ""}).content.decode()
    assert refused.count("There is a problem") == 1
    tool = tool_current(meeting.tool_key).parsed
    first = tool.sections[0]
    question = next(q for q in first.questions if q.required)
    assert f"Section 1, {first.title}: answer" in refused
    assert unescape(question.label) in unescape(refused)
