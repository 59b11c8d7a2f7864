"""The case audits' part of the triannual report: completion, grades, moderation, action checks.

An audit belongs to the period in which it was finalised (contract.md); an
appreciative inquiry to the period it was recorded in. Every figure is a count
over the whole authority, compared with the period before and the same period
a year before; no child, auditor or team is named.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from assure.core.grades import GRADE_SHORT_LABELS, GRADES
from assure.instruments.models import Tool
from assure.reports.charts import bar_chart
from assure.reports.sections import Section, report_section
from assure.reports.tables import Table
from assure.reports.triannual.compare import (
    Measure,
    TriannualContext,
    bounds,
    comparison_table,
    count_of,
    share_of,
)
from assure.reports.triannual.period import Period

from .models import ActionCheck, AppreciativeInquiry, Audit


def _finalised(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    rows = Audit.objects.filter(
        status=Audit.Status.FINALISED, finalised_at__gte=start, finalised_at__lt=end
    ).aggregate(
        total=Count("id"),
        on_time=Count("id", filter=Q(submitted_at__date__lte=F("due_date"))),
        agreed=Count("id", filter=Q(moderated_grade=F("auditor_grade"))),
        changed=Count("id", filter=~Q(moderated_grade=F("auditor_grade"))),
        **{g: Count("id", filter=Q(final_grade=g)) for g in GRADES},
    )
    return {k: int(v or 0) for k, v in rows.items()}


def _checks(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    rows = (
        ActionCheck.objects.filter(
            moderation__audit__finalised_at__gte=start, moderation__audit__finalised_at__lt=end
        )
        .values("outcome")
        .annotate(n=Count("id"))
    )
    return {r["outcome"]: r["n"] for r in rows}


@report_section(report="triannual", key="audits", title="Case audits and moderation", order=10)
def audits_section(context: TriannualContext) -> Section:
    figures = {p: _finalised(p) for p in context.periods}
    checks = {p: _checks(p) for p in context.periods}

    def count(key: str) -> Measure:
        return count_of(context, figures, key)

    def share(key: str) -> Measure:
        return share_of(figures, key)

    measures: list[tuple[str, Measure]] = [
        ("Audits finalised", count("total")),
        ("Submitted by the due date (%)", share("on_time")),
        ("Moderator agreed with the auditor's grade (%)", share("agreed")),
        ("Grade changed at moderation", count("changed")),
        *((f"Graded {GRADE_SHORT_LABELS[g].lower()} (%)", share(g)) for g in GRADES),
        *(
            (f"Auditors' actions checked: {label.lower()}", count_of(context, checks, value))
            for value, label in ActionCheck.Outcome.choices
        ),
    ]
    this = figures[context.period]
    chart = bar_chart(
        "triannual-audit-grades",
        f"Final grades of the audits finalised in {context.period.short}",
        f"{this['total']} audits were finalised in {context.period.short}; each bar is "
        "the number given that grade after moderation.",
        [GRADE_SHORT_LABELS[g] for g in GRADES],
        [_public(this[g]) if context.public else this[g] for g in GRADES],
        category_title="Grade",
        value_title="Audits",
    )
    table = comparison_table(
        context,
        "Audits finalised in the period, beside the period before and a year before",
        measures,
    )
    tables = [table]
    if not context.public:  # phrases come from text written about children's cases
        themes = _themes(context.period)
        if themes.rows:
            tables.append(themes)
    return Section(
        intro=(
            f"Audits finalised in {context.period.label}, with moderation's view of their "
            "grades and of the actions earlier audits set."
        ),
        charts=(chart,) if this["total"] else (),
        tables=tuple(tables),
    )


def _themes(period: Period, top: int = 8) -> Table:
    """The phrases auditors used most in strengths and areas for development."""
    from .analytics.text import THEMES
    from .phrases import recurring

    start, end = bounds(period)
    audits = list(
        Audit.objects.filter(
            status=Audit.Status.FINALISED, finalised_at__gte=start, finalised_at__lt=end
        ).values_list("tool_id", "responses")
    )
    texts: dict[str, list[str]] = {theme: [] for theme in THEMES}
    # Each tool's themed text questions, read once for all its audits (one query).
    themed = {
        tool.pk: [
            (q.key, q.theme)
            for section in tool.parsed.sections
            for q in section.questions
            if q.type == "text" and q.theme in texts
        ]
        for tool in Tool.objects.filter(pk__in={tool_id for tool_id, _ in audits})
    }
    for tool_id, responses in audits:
        for key, theme in themed[tool_id]:
            if responses.get(key):
                texts[theme].append(str(responses[key]))
    rows = tuple(
        (THEMES[theme], phrase.text, phrase.answers)
        for theme, answers in texts.items()
        for phrase in recurring(answers, top=top)
    )
    return Table(
        title=f"What auditors wrote most often in {period.short}",
        headers=("Theme", "Phrase", "Answers using it"),
        rows=rows,
        note="Two- and three-word phrases used in the most answers, each answer counted once.",
    )


def _public(count: int) -> int | None:
    """A bar cannot say "fewer than 5": in the public version a small bar is left out."""
    return None if 0 < count < 5 else count


def _inquiries(period: Period) -> dict[str, int]:
    start, end = bounds(period)
    rows = (
        AppreciativeInquiry.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {r["kind"]: r["n"] for r in rows}


@report_section(
    report="triannual", key="appreciative-inquiry", title="Appreciative inquiry", order=20
)
def inquiry_section(context: TriannualContext) -> Section:
    counts = {p: _inquiries(p) for p in context.periods}

    measures: list[tuple[str, Measure]] = [
        (label, count_of(context, counts, kind)) for kind, label in AppreciativeInquiry.Kind.choices
    ]
    measures.append(("All", lambda p: context.shown(sum(counts[p].values()))))
    return Section(
        intro="Appreciative inquiries recorded in the period: team sessions and supervision "
        "using the same tool.",
        tables=(comparison_table(context, "Appreciative inquiries recorded", measures),),
    )
