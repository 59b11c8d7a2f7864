"""Validating responses to a tool, and describing a tool to the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .definitions import Question, ToolDefinition


def clean_answer(question: Question, value: Any) -> tuple[Any, str]:
    """The stored form of one answer, or an error message that says what to give."""
    if value is None or value == "":
        return None, ""
    if question.type == "scale":
        if isinstance(value, bool):
            return None, f"Give a whole number from {question.min} to {question.max}."
        try:
            number = int(str(value).strip())
        except ValueError:
            return None, f"Give a whole number from {question.min} to {question.max}."
        assert question.min is not None and question.max is not None
        if not question.min <= number <= question.max:
            return None, f"Give a whole number from {question.min} to {question.max}."
        return number, ""
    if question.type == "choice":
        allowed = [o.value for o in question.options]
        if str(value) not in allowed:
            return None, f"Choose one of: {', '.join(allowed)}."
        return str(value), ""
    if question.type == "yes_no":
        allowed = ["yes", "no", *(["n/a"] if question.allow_na else [])]
        text = str(value).strip().lower()
        if text not in allowed:
            return None, f"Answer {', '.join(allowed)}."
        return text, ""
    if question.type == "date":
        parsed = _date(str(value).strip())
        if parsed is None:
            return None, "Give a date as day/month/year, for example 30/09/2026."
        return parsed.isoformat(), ""
    if not isinstance(value, str):
        return None, "Give text."
    text = value.strip()
    if len(text) > 10_000:
        return None, "Keep the answer under 10,000 characters."
    return text or None, ""


def _date(text: str) -> date | None:
    """ISO (the API's form, and what is stored) or the UK form a person types."""
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def validate(
    tool: ToolDefinition, responses: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean every answer given; unknown keys and bad values are errors by key."""
    questions = tool.questions
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in responses.items():
        question = questions.get(key)
        if question is None:
            errors[key] = "This question is not in the tool."
            continue
        answer, error = clean_answer(question, value)
        if error:
            errors[key] = error
        elif answer is not None:
            cleaned[key] = answer
    return cleaned, errors


def missing_required(tool: ToolDefinition, responses: dict[str, Any]) -> list[str]:
    return [
        q.key for q in tool.questions.values() if q.required and responses.get(q.key) in (None, "")
    ]


def tool_as_api(tool: ToolDefinition) -> dict[str, Any]:
    """The `tool` object of the contract: key, version, sections, questions."""

    def question(q: Question) -> dict[str, Any]:
        out: dict[str, Any] = {
            "key": q.key,
            "type": q.type,
            "label": q.label,
            "required": q.required,
        }
        if q.type == "scale":
            out.update({"min": q.min, "max": q.max})
        if q.type == "choice":
            out["options"] = [{"value": o.value, "label": o.label} for o in q.options]
        if q.type == "yes_no" and q.allow_na:
            out["allow_na"] = True
        return out

    return {
        "key": tool.key,
        "version": tool.version,
        "title": tool.title,
        "sections": [
            {"key": s.key, "title": s.title, "questions": [question(q) for q in s.questions]}
            for s in tool.sections
        ],
        "grade_descriptors": tool.grade_descriptors,
    }
