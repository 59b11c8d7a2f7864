"""What the QA unit learns from the audit cycle: completion, grades, calibration, text.

Every figure is counted by the database in a grouped query (`values()` then
`annotate()`), so a page costs the same number of queries whether a cycle has
thirty audits or three thousand. Each function returns `Table`s: a title, a
sentence saying what it shows, headers and rows, which the pages render, the
charts draw and the exports write unchanged.

The querysets passed in decide whose audits are counted: county-wide figures
for aggregate pages, `audits_visible_to(user)` wherever a child could be
named, and an auditor's own audits for their calibration.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db.models import Count, F, FloatField, Max, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate

from assure.instruments.models import Tool

from . import calibration as cal
from . import phrases as phr
from .models import Audit

LONDON = ZoneInfo("Europe/London")
Cell = str | int | float | None

# Best first, the order people read grades in; calibration ranks lowest first.
GRADES_BEST_FIRST = ("outstanding", "good", "requires_improvement", "inadequate")
SHORT_GRADE = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
NO_DISTRICT = "County-wide team"
NO_CYCLE = "No cycle"


@dataclass
class Table:
    """One figure: what it is, a sentence saying what it shows, and its data."""

    key: str
    title: str
    summary: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    flags: list[bool] = field(default_factory=list)  # per row: highlight (a drifting auditor)

    @property
    def rows_flagged(self) -> list[tuple[tuple[Cell, ...], bool]]:
        return list(zip(self.rows, self.flags, strict=False))

    def as_dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


# Grouping ---------------------------------------------------------------------

GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "service": ("Service", ("team__service__name",)),
    "area": ("Area", ("team__district__area__name",)),
    "district": ("District", ("team__district__name",)),
    "team": ("Team", ("team__name",)),
    "auditor": ("Auditor", ("auditor__first_name", "auditor__last_name", "auditor__username")),
}
# Names people, so it is offered only to the QA unit.
STAFF_GROUPS = frozenset({"auditor"})


def _group_label(group: str, row: dict[str, Any]) -> str:
    if group == "auditor":
        name = f"{row['auditor__first_name']} {row['auditor__last_name']}".strip()
        return name or row["auditor__username"]
    value = row[GROUPS[group][1][0]]
    if value is None:
        return NO_DISTRICT if group in ("area", "district") else "Unknown"
    return str(value)


def _cycle_label(row: dict[str, Any]) -> str:
    if row.get("cycle__year") is None:
        return NO_CYCLE
    return f"{row['cycle__year']}-T{row['cycle__number']}"


def _cycle_sort(label: str) -> tuple[int, str]:
    return (1, "") if label == NO_CYCLE else (0, label)


def _fetch(rows: Any) -> list[dict[str, Any]]:
    """The rows of a values() query as plain dicts (their keys are built at run time)."""
    return list(rows)


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# Completion -------------------------------------------------------------------


def completion(audits: QuerySet[Audit], *, group: str, today: date) -> Table:
    """Per cycle and group: how many audits stand at each step, and on time or overdue.

    On time: submitted on or before the due date (the London calendar day of
    submission). Late: submitted after it. Overdue: not yet submitted and the
    due date has passed (an audit due today is not overdue). Not yet due:
    not submitted, due today or later.
    """
    label, fields = GROUPS[group]
    status = Audit.Status
    rows = _fetch(
        audits.annotate(submitted_on=TruncDate("submitted_at", tzinfo=LONDON))
        .values("cycle__year", "cycle__number", *fields)
        .annotate(
            total=Count("id"),
            not_started=Count("id", filter=Q(status=status.ALLOCATED)),
            in_progress=Count("id", filter=Q(status=status.IN_PROGRESS)),
            submitted=Count("id", filter=Q(status=status.SUBMITTED)),
            in_moderation=Count("id", filter=Q(status=status.IN_MODERATION)),
            finalised=Count("id", filter=Q(status=status.FINALISED)),
            on_time=Count("id", filter=Q(submitted_on__lte=F("due_date"))),
            late=Count("id", filter=Q(submitted_on__gt=F("due_date"))),
            overdue=Count("id", filter=Q(submitted_at__isnull=True, due_date__lt=today)),
            not_due=Count("id", filter=Q(submitted_at__isnull=True, due_date__gte=today)),
        )
        .order_by()
    )
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        out.append(
            (
                _cycle_label(row),
                _group_label(group, row),
                row["total"],
                row["not_started"],
                row["in_progress"],
                row["submitted"],
                row["in_moderation"],
                row["finalised"],
                row["on_time"],
                row["late"],
                row["overdue"],
                row["not_due"],
                _pct(row["on_time"], row["on_time"] + row["late"]),
            )
        )
    out.sort(key=lambda r: (_cycle_sort(str(r[0])), str(r[1]).lower()))
    # Latest cycle first, groups alphabetically within it.
    cycles = sorted({str(r[0]) for r in out}, key=_cycle_sort)
    order = {c: i for i, c in enumerate(reversed([c for c in cycles if c != NO_CYCLE]))}
    order[NO_CYCLE] = len(order)
    out.sort(key=lambda r: (order[str(r[0])], str(r[1]).lower()))
    total = sum(int(r[2] or 0) for r in out)
    overdue = sum(int(r[10] or 0) for r in out)
    return Table(
        key=f"completion-by-{group}",
        title=f"Audit completion by cycle and {label.lower()}",
        summary=(
            f"How far each of {total} allocated audit{'s' if total != 1 else ''} has got, "
            f"by cycle and {label.lower()}; {overdue} "
            f"{'is' if overdue == 1 else 'are'} overdue today. "
            "On time means submitted on or before the due date."
        ),
        headers=(
            "Cycle",
            label,
            "Allocated",
            "Not started",
            "In progress",
            "Submitted",
            "In moderation",
            "Finalised",
            "Submitted on time",
            "Submitted late",
            "Overdue",
            "Not yet due",
            "% submitted on time",
        ),
        rows=out,
    )


# Grades -----------------------------------------------------------------------


def grade_distribution(audits: QuerySet[Audit], *, field_name: str, by: str) -> Table:
    """How many audits had each grade, by service or team.

    `field_name` is `final_grade` (finalised audits) or `auditor_grade`
    (every submitted audit, before moderation).
    """
    label, fields = GROUPS[by]
    counts = {g: Count("id", filter=Q(**{field_name: g})) for g in GRADES_BEST_FIRST}
    rows = _fetch(
        audits.exclude(**{field_name: ""})
        .values(*fields)
        .annotate(total=Count("id"), **counts)
        .order_by()
    )
    out = []
    for row in rows:
        good_or_better = row["outstanding"] + row["good"]
        out.append(
            (
                _group_label(by, row),
                *(row[g] for g in GRADES_BEST_FIRST),
                row["total"],
                _pct(good_or_better, row["total"]),
            )
        )
    out.sort(key=lambda r: str(r[0]).lower())
    which = "final" if field_name == "final_grade" else "auditors'"
    total = sum(int(r[5] or 0) for r in out)
    return Table(
        key=f"{'final' if field_name == 'final_grade' else 'auditor'}-grades-by-{by}",
        title=f"{which.capitalize()} grades by {label.lower()}",
        summary=(
            f"How many of {total} "
            + (
                "finalised audits had each final grade"
                if which == "final"
                else "submitted audits the auditor graded each way"
            )
            + f", by {label.lower()}, and the share graded good or outstanding."
        ),
        headers=(label, *(SHORT_GRADE[g] for g in GRADES_BEST_FIRST), "Total", "% good or better"),
        rows=out,
    )


def grade_pairs(audits: QuerySet[Audit]) -> dict[tuple[str, str], int]:
    """(auditor grade, moderated grade) -> audits, over every moderated audit."""
    rows = (
        audits.exclude(auditor_grade="")
        .exclude(moderated_grade="")
        .values("auditor_grade", "moderated_grade")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["auditor_grade"], r["moderated_grade"]): r["n"] for r in rows}


def grade_cross_table(audits: QuerySet[Audit]) -> Table:
    """The 4x4 table: auditor's grade in rows, moderated grade in columns, best first."""
    pairs = grade_pairs(audits)
    out: list[tuple[Cell, ...]] = []
    for given in GRADES_BEST_FIRST:
        counts = [pairs.get((given, moderated), 0) for moderated in GRADES_BEST_FIRST]
        out.append((SHORT_GRADE[given], *counts, sum(counts)))
    column_totals = [sum(int(r[i] or 0) for r in out) for i in range(1, 6)]
    out.append(("Total", *column_totals))
    n = column_totals[-1]
    agreed = sum(pairs.get((g, g), 0) for g in GRADES_BEST_FIRST)
    return Table(
        key="auditor-against-moderated",
        title="Auditor's grade against moderated grade",
        summary=(
            f"For {n} moderated audit{'s' if n != 1 else ''}, the auditor's grade (rows) against "
            f"the grade after moderation (columns); {agreed} sit on the diagonal, where "
            "moderation kept the auditor's grade."
        ),
        headers=(
            "Auditor's grade",
            *(f"Moderated: {SHORT_GRADE[g]}" for g in GRADES_BEST_FIRST),
            "Total",
        ),
        rows=out,
    )


def grade_trends(audits: QuerySet[Audit]) -> Table:
    """Per cycle: final grades, and the share good or better by auditor and after moderation."""
    counts = {g: Count("id", filter=Q(final_grade=g)) for g in GRADES_BEST_FIRST}
    rows = _fetch(
        audits.exclude(auditor_grade="")
        .values("cycle__year", "cycle__number")
        .annotate(
            submitted=Count("id"),
            auditor_good=Count("id", filter=Q(auditor_grade__in=["good", "outstanding"])),
            finalised=Count("id", filter=~Q(final_grade="")),
            **counts,
        )
        .order_by("cycle__year", "cycle__number")
    )
    out = []
    for row in rows:
        final_good = row["outstanding"] + row["good"]
        out.append(
            (
                _cycle_label(row),
                *(row[g] for g in GRADES_BEST_FIRST),
                row["finalised"],
                _pct(final_good, row["finalised"]),
                row["submitted"],
                _pct(row["auditor_good"], row["submitted"]),
            )
        )
    out.sort(key=lambda r: _cycle_sort(str(r[0])))
    return Table(
        key="grade-trends",
        title="Grades across cycles",
        summary=(
            f"Final grades in each of {len(out)} cycle{'s' if len(out) != 1 else ''}, "
            "oldest first, "
            "with the share good or better after moderation beside the share the auditors gave."
        ),
        headers=(
            "Cycle",
            *(SHORT_GRADE[g] for g in GRADES_BEST_FIRST),
            "Finalised",
            "% good or better (final)",
            "Submitted",
            "% good or better (auditor)",
        ),
        rows=out,
    )


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
    rows = _fetch(
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
                "cycle": _cycle_label(row),
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
    area_rows.sort(key=lambda r: (section_order[(str(r[0]), str(r[1]))], _cycle_sort(str(r[2]))))
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
            _cycle_sort(str(r[6])),
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


# Calibration --------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationRow:
    label: str
    summary: cal.Calibration
    challenged: int


def calibration_rows(audits: QuerySet[Audit], *, by: str) -> list[CalibrationRow]:
    """Agreement, moves and weighted kappa per auditor or per service, in one query."""
    _label, fields = GROUPS[by]
    key_fields = ("auditor_id", *fields) if by == "auditor" else ("team__service_id", *fields)
    rows = _fetch(
        audits.exclude(auditor_grade="")
        .exclude(moderated_grade="")
        .values(*key_fields, "auditor_grade", "moderated_grade")
        .annotate(
            n=Count("id"),
            challenged=Count("id", filter=Q(moderation__decision="challenge")),
        )
        .order_by()
    )
    pairs: dict[Any, dict[tuple[str, str], int]] = defaultdict(dict)
    labels: dict[Any, str] = {}
    challenged: dict[Any, int] = defaultdict(int)
    for row in rows:
        ident = row[key_fields[0]]
        labels[ident] = _group_label(by, row)
        pairs[ident][(row["auditor_grade"], row["moderated_grade"])] = row["n"]
        challenged[ident] += row["challenged"]
    out = [
        CalibrationRow(labels[ident], cal.summarise(p), challenged[ident])
        for ident, p in pairs.items()
    ]
    out.sort(key=lambda r: r.label.lower())
    return out


def calibration_table(audits: QuerySet[Audit], *, by: str) -> Table:
    label = GROUPS[by][0]
    rows = calibration_rows(audits, by=by)
    flagged = sum(1 for r in rows if r.summary.drifts)
    return Table(
        key=f"calibration-by-{by}",
        title=f"Calibration by {label.lower()}",
        summary=(
            f"For each {label.lower()}: how many audits moderation has graded, how often it kept "
            "the auditor's grade or moved it up or down, and the quadratic-weighted kappa "
            f"between the two grades (1 is perfect agreement, 0 no better than chance). "
            f"{flagged} {'is' if flagged == 1 else 'are'} flagged for drift."
        ),
        headers=(
            label,
            "Moderated",
            "% agreed",
            "% moved up",
            "% moved down",
            "Challenged",
            "Weighted kappa",
            "Drift",
        ),
        rows=[
            (
                r.label,
                r.summary.n,
                r.summary.agreed_pct,
                r.summary.up_pct,
                r.summary.down_pct,
                r.challenged,
                None if r.summary.kappa is None else round(r.summary.kappa, 2),
                r.summary.drift_reason or "",
            )
            for r in rows
        ],
        flags=[r.summary.drifts for r in rows],
    )


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
        cycle = _cycle_label({"cycle__year": row[0], "cycle__number": row[1]})
        for i, q in enumerate(questions):
            text = row[2 + i]
            if text:
                texts[(cycle, q.area_label, q.theme)].append(str(text))
    area_order = {label: i for i, (_k, label) in enumerate(areas(questions))}
    out: list[tuple[Cell, ...]] = []
    cycles = sorted({c for c, _a, _t in texts}, key=_cycle_sort, reverse=True)
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
