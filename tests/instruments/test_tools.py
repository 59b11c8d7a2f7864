from __future__ import annotations

from typing import Any

import pytest
import yaml

from assure.instruments.definitions import ToolDefinitionError, parse
from assure.instruments.engine import missing_required, tool_as_api, validate
from assure.instruments.forms import ToolForm
from assure.instruments.models import Tool
from assure.instruments.registry import tool_current, tool_files, tools_publish


def test_every_shipped_tool_parses() -> None:
    keys = set()
    for path in tool_files():
        tool = parse(yaml.safe_load(path.read_text()), source=path.name)
        keys.add(tool.key)
    assert {
        "cype_audit",
        "youth_justice_audit",
        "raa_audit",
        "sen_audit",
        "appreciative_inquiry",
    } <= keys


def test_cype_audit_has_the_six_areas_each_with_two_qualitative_questions() -> None:
    tool = parse(yaml.safe_load((tool_files()[0].parent / "cype_audit.yaml").read_text()))
    areas = [s for s in tool.sections if any(q.type == "scale" for q in s.questions)]
    assert [s.title for s in areas] == [
        "Reason for referral and response",
        "Assessment",
        "Planning process and risk management",
        "Management oversight",
        "Child-focused interventions",
        "Practitioner feedback",
    ]
    for section in areas:
        texts = [q for q in section.questions if q.type == "text"]
        assert [q.theme for q in texts] == ["strengths", "development"], section.key
    assert set(tool.grade_descriptors) == {
        "outstanding",
        "good",
        "requires_improvement",
        "inadequate",
    }


def test_malformed_tool_is_refused_with_where_and_what() -> None:
    raw: dict[str, Any] = {
        "key": "t",
        "version": 1,
        "title": "T",
        "kind": "audit",
        "sections": [
            {"key": "s", "title": "S", "questions": [{"key": "q", "type": "scale", "label": "Q"}]}
        ],
    }
    with pytest.raises(ToolDefinitionError, match="section s, question q: a scale needs"):
        parse(raw, source="t.yaml")


@pytest.mark.django_db
def test_validation_by_type() -> None:
    tool = tool_current("cype_audit").parsed
    cleaned, errors = validate(
        tool,
        {
            "referral_response_timely": "7",
            "assessment_analysis": 11,
            "framework_evidenced": "maybe",
            "child_feedback_sought": "N/A",
            "family_feedback_sought": "perhaps",
            "nope": "x",
            "referral_strengths": "  Good  ",
        },
    )
    assert cleaned == {
        "referral_response_timely": 7,
        "child_feedback_sought": "n/a",
        "referral_strengths": "Good",
    }
    assert set(errors) == {
        "assessment_analysis",
        "framework_evidenced",
        "family_feedback_sought",
        "nope",
    }
    assert "from 1 to 10" in errors["assessment_analysis"]
    assert "referral_response_timely" not in missing_required(tool, cleaned)
    assert "assessment_analysis" in missing_required(tool, cleaned)
    assert "child_feedback" not in missing_required(tool, cleaned)  # optional


@pytest.mark.django_db
def test_api_shape_matches_the_contract() -> None:
    shape = tool_as_api(tool_current("cype_audit").parsed)
    assert shape["key"] == "cype_audit" and shape["version"] == 1
    q = shape["sections"][0]["questions"][0]
    assert q == {
        "key": "referral_response_timely",
        "type": "scale",
        "label": q["label"],
        "required": True,
        "min": 1,
        "max": 10,
    }
    choice = next(q for s in shape["sections"] for q in s["questions"] if q["type"] == "choice")
    assert choice["options"][0] == {"value": "strongly", "label": "Strongly evidenced throughout"}


@pytest.mark.django_db
def test_published_version_never_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    assert Tool.objects.filter(key="cype_audit", version=1).exists()  # published at migrate
    tool = Tool.objects.get(key="cype_audit", version=1)
    tool.definition = {**tool.definition, "title": "Edited in place"}
    tool.save()
    with pytest.raises(ToolDefinitionError, match="give the changed tool a new version"):
        tools_publish()


@pytest.mark.django_db
def test_form_draft_and_complete_modes() -> None:
    tool = tool_current("appreciative_inquiry").parsed
    draft = ToolForm(tool, {"went_well": "Visits"}, require=False)
    assert draft.is_valid() and draft.responses() == {"went_well": "Visits"}
    complete = ToolForm(tool, {"went_well": "Visits"}, require=True)
    assert not complete.is_valid() and "made_it_work" in complete.errors
