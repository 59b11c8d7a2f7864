"""Scaling questions: their averages per area and per question, joined across versions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, FloatField, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from assure.instruments.models import Tool

from ..models import Audit
from .tables import Cell, Table, cycle_label, cycle_sort, fetch

# Scaling questions --------------------------------------------------------------


@dataclass(frozen=True)
class ScaleQuestion:
    tool_key: str
    tool_title: str
    section_key: str
    section_title: str
    key: str
    label: str
    scale: str  # "1 to 10"


def scale_questions(tools: Iterable[Tool]) -> list[ScaleQuestion]:
    """Every scaling question of the audit tools, by question key.

    A key that several versions share is one question (versions compare by
    key); its area and wording come from the newest version that has it.
    """
    found: dict[tuple[str, str], ScaleQuestion] = {}
    for tool in sorted(tools, key=lambda t: (t.key, -t.version)):
        parsed = tool.parsed
        for section in parsed.sections:
            for q in section.questions:
                if q.type != "scale" or (tool.key, q.key) in found:
                    continue
                found[(tool.key, q.key)] = ScaleQuestion(
                    tool_key=tool.key,
                    tool_title=parsed.title,
                    section_key=section.key,
                    section_title=section.title,
                    key=q.key,
                    label=q.label,
                    scale=f"{q.min} to {q.max}",
                )
    return list(found.values())


def audit_tools() -> list[Tool]:
    return list(Tool.objects.filter(kind="audit").only("id", "key", "version", "definition"))


def _scale_sums(
    audits: QuerySet[Audit], questions: Sequence[ScaleQuestion]
) -> list[dict[str, Any]]:
    """Per cycle, tool and version: the sum and number of answers to every scaling question."""
    keys = sorted({q.key for q in questions})
    aggregates: dict[str, Any] = {}
    for i, key in enumerate(keys):
        value = KT(f"responses__{key}")
        aggregates[f"s{i}"] = Sum(Cast(value, FloatField()))
        aggregates[f"c{i}"] = Count(value)
    if not aggregates:
        return []
    rows = fetch(
        audits.filter(submitted_at__isnull=False)
        .values("cycle__year", "cycle__number", "tool__key", "tool__version")
        .annotate(**aggregates)
        .order_by()
    )
    index = {key: i for i, key in enumerate(keys)}
    out = []
    for row in rows:
        per_key = {}
        for q in questions:
            if q.tool_key != row["tool__key"]:
                continue
            i = index[q.key]
            if row[f"c{i}"]:
                per_key[q.key] = (float(row[f"s{i}"] or 0), int(row[f"c{i}"]))
        out.append(
            {
                "cycle": cycle_label(row),
                "tool": row["tool__key"],
                "version": row["tool__version"],
                "answers": per_key,
            }
        )
    return out


def scale_averages(audits: QuerySet[Audit], tools: Iterable[Tool]) -> tuple[Table, Table]:
    """Scaling-question averages per area over cycles, and per question key by tool version.

    An area's average is the mean of every answer to its scaling questions
    (not a mean of question means), so a question answered more often
    weighs more. Versions are joined by question key.
    """
    questions = scale_questions(tools)
    sums = _scale_sums(audits, questions)
    by_key = {(q.tool_key, q.key): q for q in questions}
    area: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0])  # type: ignore[arg-type]
    per_question: dict[tuple[str, str, int, str], list[float]] = defaultdict(lambda: [0.0, 0])  # type: ignore[arg-type]
    for row in sums:
        for key, (total, n) in row["answers"].items():
            q = by_key[(row["tool"], key)]
            a = area[(q.tool_title, q.section_title, row["cycle"])]
            a[0] += total
            a[1] += n
            p = per_question[(row["tool"], key, row["version"], row["cycle"])]
            p[0] += total
            p[1] += n
    area_rows: list[tuple[Cell, ...]] = [
        (tool, section, cycle, round(total / n, 2), int(n))
        for (tool, section, cycle), (total, n) in area.items()
    ]
    section_order = {(q.tool_title, q.section_title): i for i, q in enumerate(questions)}
    area_rows.sort(key=lambda r: (section_order[(str(r[0]), str(r[1]))], cycle_sort(str(r[2]))))
    question_rows: list[tuple[Cell, ...]] = []
    for (tool_key, key, version, cycle), (total, n) in per_question.items():
        q = by_key[(tool_key, key)]
        question_rows.append(
            (
                q.tool_title,
                q.section_title,
                key,
                q.label,
                q.scale,
                version,
                cycle,
                round(total / n, 2),
                int(n),
            )
        )
    key_order = {(q.tool_key, q.key): i for i, q in enumerate(questions)}
    title_to_key = {q.tool_title: q.tool_key for q in questions}
    question_rows.sort(
        key=lambda r: (
            key_order[(title_to_key[str(r[0])], str(r[2]))],
            cycle_sort(str(r[6])),
            int(r[5] or 0),
        )
    )
    return (
        Table(
            key="scale-by-area",
            title="Scaling-question averages by area and cycle",
            summary=(
                "The mean answer to each area's scaling questions in each cycle, over every "
                "submitted audit and every version of its tool, with how many answers it rests on."
            ),
            headers=("Tool", "Area", "Cycle", "Mean answer", "Answers"),
            rows=area_rows,
        ),
        Table(
            key="scale-by-question",
            title="Scaling-question averages by question, tool version and cycle",
            summary=(
                "The mean answer to each scaling question, by the version of the tool it was "
                "asked in and the cycle, joined across versions by the question's key."
            ),
            headers=(
                "Tool",
                "Area",
                "Question key",
                "Question",
                "Scale",
                "Tool version",
                "Cycle",
                "Mean answer",
                "Answers",
            ),
            rows=question_rows,
        ),
    )
