"""Plausible answers to an audit tool and an appreciative inquiry, by the grade the
practice merits (1 to 4, worst first)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Any

from assure.core import clock
from assure.instruments.definitions import Question, ToolDefinition

from .texts import (
    AI_DIFFERENTLY,
    AI_MADE_IT_WORK,
    AI_PARTICIPANTS,
    AI_WENT_WELL,
    AI_WILL_TRY,
    CHILD_SAID,
    DEVELOPMENT,
    FAMILY_SAID,
    FRAMEWORK_HOW,
    GENERAL_DEVELOPMENT,
    GENERAL_STRENGTHS,
    SECTION_TOPICS,
    SEEN_DEVELOPMENT,
    SEEN_STRENGTH,
    STRENGTHS,
    TRAINING_IMPACT,
)


def _sentences(rng: random.Random, pool: Sequence[str], n: int) -> list[str]:
    return rng.sample(list(pool), min(n, len(pool)))


def _text(rng: random.Random, section: str, theme: str, rank: int) -> str:
    topic, own_s, own_d = SECTION_TOPICS.get(section, (section, [], []))
    if theme == "strengths":
        pool = own_s + STRENGTHS.get(topic, GENERAL_STRENGTHS)
        n = {1: 1, 2: rng.randint(1, 2), 3: 2, 4: rng.randint(2, 3)}[rank]
        general = GENERAL_STRENGTHS
    else:
        pool = own_d + DEVELOPMENT.get(topic, GENERAL_DEVELOPMENT)
        n = {1: rng.randint(2, 3), 2: 2, 3: rng.randint(1, 2), 4: 1}[rank]
        general = GENERAL_DEVELOPMENT
    chosen = _sentences(rng, pool, n)
    if rng.random() < 0.3:
        chosen.append(rng.choice(general))
    if rng.random() < 0.6:
        chosen.append(rng.choice(SEEN_STRENGTH if theme == "strengths" else SEEN_DEVELOPMENT))
    if theme == "development" and rank == 4:
        chosen = [f"Keep this up. {chosen[0]}"]
    return " ".join(chosen)


def demo_answer(
    rng: random.Random, question: Question, section: str, rank: int, answers: dict[str, Any]
) -> Any:
    """A plausible answer to one question for a case whose practice merits `rank` (1 to 4)."""
    if question.type == "scale":
        low, high = question.min or 0, question.max or 10
        share = {1: 0.22, 2: 0.45, 3: 0.68, 4: 0.86}[rank] + rng.gauss(0, 0.12)
        return max(low, min(high, round(low + share * (high - low))))
    if question.type == "choice":
        n = len(question.options)
        best = {4: 0.0, 3: 0.15, 2: 0.45, 1: 0.75}[rank]  # how far down the list it leans
        index = min(n - 1, max(0, round(best * (n - 1) + rng.gauss(0, 0.5))))
        return question.options[index].value
    if question.type == "yes_no":
        roll = rng.random()
        if question.allow_na and roll < 0.12:
            return "n/a"
        return "yes" if roll < 0.75 + 0.04 * rank else "no"
    if question.type == "date":
        return clock.today().isoformat()
    if question.theme in ("strengths", "development"):
        return _text(rng, section, question.theme, rank)
    if question.key.endswith("_feedback"):
        sought = answers.get(f"{question.key}_sought")
        if sought != "yes":
            return None
        return rng.choice(CHILD_SAID if question.key.startswith("child") else FAMILY_SAID)
    if question.key == "framework_how":
        return rng.choice(FRAMEWORK_HOW) if rng.random() < 0.8 else None
    if question.key == "training_impact":
        return rng.choice(TRAINING_IMPACT) if rng.random() < 0.6 else None
    if not question.required and rng.random() < 0.5:
        return None
    return rng.choice(GENERAL_STRENGTHS if rank >= 3 else GENERAL_DEVELOPMENT)


def demo_responses(
    rng: random.Random, tool: ToolDefinition, rank: int, *, sections: int | None = None
) -> dict[str, Any]:
    """Answers to a tool (every section, or the first `sections` for a draft)."""
    answers: dict[str, Any] = {}
    for section in tool.sections[:sections]:
        for q in section.questions:
            value = demo_answer(rng, q, section.key, rank, answers)
            if value is not None:
                answers[q.key] = value
    return answers


def inquiry_responses(rng: random.Random, session: date) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "went_well": " ".join(_sentences(rng, AI_WENT_WELL, rng.randint(2, 3))),
        "made_it_work": " ".join(_sentences(rng, AI_MADE_IT_WORK, rng.randint(1, 3))),
        "differently": " ".join(_sentences(rng, AI_DIFFERENTLY, rng.randint(1, 2))),
        "will_try": " ".join(_sentences(rng, AI_WILL_TRY, rng.randint(1, 2))),
        "session_date": session.isoformat(),
    }
    if rng.random() < 0.85:
        answers["participants"] = rng.choice(AI_PARTICIPANTS)
    return answers
