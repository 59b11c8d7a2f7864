"""QA tools as data: the shape of a tool definition, parsed and checked.

A tool (an audit tool, a CPC form, the appreciative inquiry template) is a
versioned YAML file in `tools/`. This module turns one into typed objects and
refuses a malformed one with a message that names the file, section and
question, so a QA unit editing a tool learns exactly what to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assure.core.grades import GRADE_LABELS, GRADES  # noqa: F401 - re-exported for the tools

QUESTION_TYPES = ("scale", "choice", "yes_no", "text", "date")


class ToolDefinitionError(ValueError):
    pass


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    label: str
    hint: str = ""
    required: bool = True
    min: int | None = None
    max: int | None = None
    min_label: str = ""
    max_label: str = ""
    options: tuple[Option, ...] = ()
    allow_na: bool = False
    # What a text answer is, for analysis: "strengths", "development" or "".
    theme: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ToolDefinition:
    key: str
    version: int
    title: str
    kind: str  # "audit", "meeting_qa", "appreciative_inquiry", ...
    description: str
    sections: tuple[Section, ...]
    grade_descriptors: dict[str, str] = field(default_factory=dict)
    services: tuple[str, ...] = ()

    @property
    def questions(self) -> dict[str, Question]:
        return {q.key: q for s in self.sections for q in s.questions}

    @property
    def graded(self) -> bool:
        return bool(self.grade_descriptors)


def parse(raw: dict[str, Any], source: str = "tool") -> ToolDefinition:
    def fail(where: str, problem: str) -> ToolDefinitionError:
        return ToolDefinitionError(f"{source}: {where}: {problem}")

    for key in ("key", "version", "title", "kind", "sections"):
        if key not in raw:
            raise fail("top level", f"'{key}' is missing")
    if not isinstance(raw["version"], int) or raw["version"] < 1:
        raise fail("version", "must be a whole number from 1")
    seen: set[str] = set()
    sections = []
    for s_raw in raw["sections"]:
        s_key = s_raw.get("key", "")
        if not s_key or not s_raw.get("title"):
            raise fail(f"section {s_key or '?'}", "needs a key and a title")
        questions = []
        for q_raw in s_raw.get("questions", []):
            q_key = q_raw.get("key", "")
            where = f"section {s_key}, question {q_key or '?'}"
            if not q_key or not q_raw.get("label"):
                raise fail(where, "needs a key and a label")
            if q_key in seen:
                raise fail(where, "the key is used twice in this tool")
            seen.add(q_key)
            q_type = q_raw.get("type")
            if q_type not in QUESTION_TYPES:
                raise fail(where, f"type must be one of {', '.join(QUESTION_TYPES)}")
            options = tuple(
                Option(str(o["value"]), str(o["label"])) for o in q_raw.get("options", [])
            )
            if q_type == "choice" and not options:
                raise fail(where, "a choice question needs options")
            low, high = q_raw.get("min"), q_raw.get("max")
            if q_type == "scale" and not (
                isinstance(low, int) and isinstance(high, int) and low < high
            ):
                raise fail(where, "a scale needs whole-number min and max, min below max")
            questions.append(
                Question(
                    key=q_key,
                    type=q_type,
                    label=q_raw["label"],
                    hint=q_raw.get("hint", ""),
                    required=bool(q_raw.get("required", True)),
                    min=low,
                    max=high,
                    min_label=q_raw.get("min_label", ""),
                    max_label=q_raw.get("max_label", ""),
                    options=options,
                    allow_na=bool(q_raw.get("allow_na", False)),
                    theme=q_raw.get("theme", ""),
                )
            )
        sections.append(
            Section(s_key, s_raw["title"], s_raw.get("description", ""), tuple(questions))
        )
    descriptors = raw.get("grade_descriptors") or {}
    if descriptors and set(descriptors) != set(GRADES):
        raise fail("grade_descriptors", f"must describe exactly: {', '.join(GRADES)}")
    return ToolDefinition(
        key=raw["key"],
        version=raw["version"],
        title=raw["title"],
        kind=raw["kind"],
        description=raw.get("description", ""),
        sections=tuple(sections),
        grade_descriptors=dict(descriptors),
        services=tuple(raw.get("services", [])),
    )
