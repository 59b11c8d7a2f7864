"""Text answers: the strengths and areas for development, searched, counted and phrased."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.fields.json import KT

from assure.instruments.models import Tool

from .. import phrases as phr
from ..models import Audit
from .tables import Cell, Table, cycle_label, cycle_sort

# Text answers ---------------------------------------------------------------------

THEMES = {"strengths": "Practice strengths", "development": "Areas for development"}


@dataclass(frozen=True)
class TextQuestion:
    tool_key: str
    tool_title: str
    section_key: str
    section_title: str
    theme: str
    key: str

    @property
    def area_label(self) -> str:
        return f"{self.section_title} ({self.tool_title})"


def text_questions(tools: Iterable[Tool]) -> list[TextQuestion]:
    """The strengths and areas-for-development questions of every audit tool version."""
    found: dict[str, TextQuestion] = {}
    for tool in sorted(tools, key=lambda t: (t.key, -t.version)):
        parsed = tool.parsed
        for section in parsed.sections:
            for q in section.questions:
                if q.type == "text" and q.theme in THEMES and q.key not in found:
                    found[q.key] = TextQuestion(
                        tool.key, parsed.title, section.key, section.title, q.theme, q.key
                    )
    return list(found.values())


def areas(questions: Iterable[TextQuestion]) -> list[tuple[str, str]]:
    """(section key, label) of every area that has text questions, in tool order."""
    return list(dict.fromkeys((q.section_key, q.area_label) for q in questions))


def select_questions(
    questions: Iterable[TextQuestion], *, area: str = "", theme: str = ""
) -> list[TextQuestion]:
    return [
        q
        for q in questions
        if (not area or q.section_key == area) and (not theme or q.theme == theme)
    ]


def text_search(
    audits: QuerySet[Audit], questions: Sequence[TextQuestion], search: str
) -> QuerySet[Audit]:
    """Submitted audits with an answer to one of `questions` (containing `search`, if given)."""
    if not questions:
        return audits.none()
    condition = Q()
    for q in questions:
        lookup = f"responses__{q.key}__icontains" if search else f"responses__{q.key}__isnull"
        condition |= Q(**{lookup: search if search else False})
    return audits.filter(submitted_at__isnull=False).filter(condition)


def answers_of(
    audit: Audit, questions: Sequence[TextQuestion], search: str
) -> list[dict[str, str]]:
    """The chosen text answers of one audit, those containing `search` if given."""
    needle = search.lower()
    out = []
    for q in questions:
        text = audit.responses.get(q.key)
        if not isinstance(text, str) or not text.strip():
            continue
        if needle and needle not in text.lower():
            continue
        out.append({"area": q.area_label, "theme": THEMES[q.theme], "key": q.key, "text": text})
    return out


def text_counts(audits: QuerySet[Audit], questions: Sequence[TextQuestion]) -> Table:
    """How many submitted audits answered each area's strengths and development questions."""
    aggregates = {
        f"a{i}": Count("id", filter=Q(**{f"responses__{q.key}__isnull": False}))
        for i, q in enumerate(questions)
    }
    totals = audits.filter(submitted_at__isnull=False).aggregate(**aggregates) if aggregates else {}
    by_area: dict[str, dict[str, int]] = {}
    for i, q in enumerate(questions):
        by_area.setdefault(q.area_label, {"strengths": 0, "development": 0})[q.theme] += int(
            totals.get(f"a{i}") or 0
        )
    return Table(
        key="text-answer-counts",
        title="Text answers by area",
        summary=(
            "How many submitted audits recorded practice strengths and areas for development "
            "in each area (counts only)."
        ),
        headers=("Area", "Practice strengths", "Areas for development"),
        rows=[(a, c["strengths"], c["development"]) for a, c in by_area.items()],
    )


def recurring_phrases(
    audits: QuerySet[Audit], questions: Sequence[TextQuestion], *, top: int = 5
) -> Table:
    """The phrases used in most answers, per cycle, area and theme.

    Fetches only the chosen answers (one query), never whole audits. Counting
    phrases over a whole cycle's answers costs more than a page should, and
    submitted answers never change, so the result is cached under a
    fingerprint of exactly which audits it read (the query itself, with the
    reader's scope, and their number, ids, versions and latest submission):
    any new submission or change makes a new fingerprint.
    """
    if not questions:
        return Table("recurring-phrases", "Recurring phrases", "", ("Cycle",))
    submitted = audits.filter(submitted_at__isnull=False)
    fingerprint = submitted.aggregate(
        n=Count("id"), ids=Sum("id"), versions=Sum("version"), last=Max("submitted_at")
    )
    digest = hashlib.sha256(
        repr(
            (
                str(submitted.order_by().query),
                sorted(fingerprint.items()),
                [q.key for q in questions],
                top,
            )
        ).encode()
    ).hexdigest()
    cache_key = f"audits:phrases:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    table = _recurring_phrases(submitted, questions, top=top)
    cache.set(cache_key, table, PHRASE_CACHE_SECONDS)
    return table


PHRASE_CACHE_SECONDS = 6 * 60 * 60


def _recurring_phrases(
    audits: QuerySet[Audit], questions: Sequence[TextQuestion], *, top: int
) -> Table:
    aliases = {f"t{i}": KT(f"responses__{q.key}") for i, q in enumerate(questions)}
    rows = (
        audits.annotate(**aliases).values_list("cycle__year", "cycle__number", *aliases).order_by()
    )
    texts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in rows:
        cycle = cycle_label({"cycle__year": row[0], "cycle__number": row[1]})
        for i, q in enumerate(questions):
            text = row[2 + i]
            if text:
                texts[(cycle, q.area_label, q.theme)].append(str(text))
    area_order = {label: i for i, (_k, label) in enumerate(areas(questions))}
    out: list[tuple[Cell, ...]] = []
    cycles = sorted({c for c, _a, _t in texts}, key=cycle_sort, reverse=True)
    for cycle in cycles:
        for (c, area_label, theme), answers in sorted(
            texts.items(), key=lambda item: (area_order[item[0][1]], item[0][2])
        ):
            if c != cycle:
                continue
            for phrase in phr.recurring(answers, top=top):
                out.append((cycle, area_label, THEMES[theme], phrase.text, phrase.answers))
    return Table(
        key="recurring-phrases",
        title="Phrases that recur most, by cycle and area",
        summary=(
            f"The two- and three-word phrases used in the most answers (up to {top} for each "
            "area and theme in each cycle), counting each answer once; a phrase needs at "
            "least two answers."
        ),
        headers=("Cycle", "Area", "Theme", "Phrase", "Answers using it"),
        rows=out,
    )
