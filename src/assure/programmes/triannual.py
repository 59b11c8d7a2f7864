"""The programmes' parts of the triannual report: COA, thematic and multi-agency audits,
learning events and learning reviews.

A programme belongs to every period its dates overlap (a week's COA visit to one,
a thematic audit over the summer perhaps to two); an observation to the period it
was made in, a finding to the period it was recorded in, an action to the period
it was raised in (and, as completed, the period it was completed in). Counts only:
no child, programme title or finding's words; finding themes (short labels the
circle chooses) are shown only in the version for those who may read children's
records.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q

from assure.reports.sections import Section, report_section
from assure.reports.triannual.compare import Measure, TriannualContext, bounds, comparison_table
from assure.reports.triannual.period import Period

from .models import Finding, Observation, Programme


def _programmes(period: Period, kinds: Sequence[str]) -> dict[str, int]:
    rows = Programme.objects.filter(
        kind__in=kinds, starts_on__lt=period.ends_before, ends_on__gte=period.starts_on
    ).aggregate(
        total=Count("id"),
        **{s: Count("id", filter=Q(status=s)) for s in Programme.Status.values},
    )
    return {k: int(v or 0) for k, v in rows.items()}


def _findings(period: Period, kinds: Sequence[str]) -> dict[str, int]:
    start, end = bounds(period)
    found = Finding.objects.filter(programme__kind__in=kinds, added__gte=start, added__lt=end)
    out = {k: found.filter(kind=k).count() for k in Finding.Kind.values}
    for row in found.values("theme").annotate(n=Count("id")):
        out[f"theme:{row['theme']}"] = row["n"]
    return out


def _actions(period: Period, kinds: Sequence[str]) -> dict[str, int]:
    from assure.actions.models import Action

    start, end = bounds(period)
    ids = [str(pk) for pk in Programme.objects.filter(kind__in=kinds).values_list("pk", flat=True)]
    mine = Action.objects.filter(source_type="programme", source_id__in=ids)
    return {
        "raised": mine.filter(created__gte=start, created__lt=end).count(),
        "completed": mine.filter(
            status=Action.Status.DONE, completed_at__gte=start, completed_at__lt=end
        ).count(),
    }


def _observations(period: Period) -> dict[str, int]:
    rows = (
        Observation.objects.filter(
            observed_on__gte=period.starts_on, observed_on__lt=period.ends_before
        )
        .values("setting")
        .annotate(n=Count("id"))
    )
    return {r["setting"]: r["n"] for r in rows}


def programme_section(
    context: TriannualContext, kinds: Sequence[str], noun: str, *, observations: bool = False
) -> Section:
    title = noun[0].upper() + noun[1:]
    progs = {p: _programmes(p, kinds) for p in context.periods}
    found = {p: _findings(p, kinds) for p in context.periods}
    acts = {p: _actions(p, kinds) for p in context.periods}

    def count(figures: dict[Period, dict[str, int]], key: str) -> Measure:
        return lambda p: context.shown(figures[p].get(key, 0))

    measures: list[tuple[str, Measure]] = [
        (f"{title} in the period", count(progs, "total")),
        *(
            (f"of which {label.lower()} at the time of the report", count(progs, value))
            for value, label in Programme.Status.choices
        ),
        ("Findings recorded: strengths", count(found, Finding.Kind.STRENGTH)),
        ("Findings recorded: areas for development", count(found, Finding.Kind.DEVELOPMENT)),
        ("Actions raised", count(acts, "raised")),
        ("Actions completed", count(acts, "completed")),
    ]
    tables = [comparison_table(context, title, measures)]
    if observations:
        seen = {p: _observations(p) for p in context.periods}
        tables.append(
            comparison_table(
                context,
                "Observations by setting",
                [(label, count(seen, value)) for value, label in Observation.Setting.choices],
            )
        )
    if not context.public:
        themes = sorted(
            {k for figures in found.values() for k in figures if k.startswith("theme:")}
        )
        if themes:
            tables.append(
                comparison_table(
                    context,
                    "Findings by theme",
                    [(t.removeprefix("theme:"), count(found, t)) for t in themes],
                )
            )
    return Section(
        intro=(
            f"The {noun} whose dates fall in {context.period.label}, what they found and the "
            "actions they raised, beside the period before and the same period a year before."
        ),
        tables=tuple(tables),
    )


@report_section(report="triannual", key="coa", title="Child Outcome Analysis", order=40)
def coa_section(context: TriannualContext) -> Section:
    return programme_section(
        context, [Programme.Kind.COA], "Child Outcome Analysis visits", observations=True
    )


@report_section(
    report="triannual", key="thematic", title="Thematic and multi-agency audits", order=50
)
def thematic_section(context: TriannualContext) -> Section:
    return programme_section(
        context,
        [Programme.Kind.THEMATIC, Programme.Kind.MULTI_AGENCY],
        "thematic and multi-agency audits",
    )


@report_section(report="triannual", key="learning-events", title="Learning events", order=60)
def learning_events_section(context: TriannualContext) -> Section:
    return programme_section(context, [Programme.Kind.LEARNING_EVENT], "area learning events")


@report_section(report="triannual", key="learning-reviews", title="Learning reviews", order=120)
def learning_reviews_section(context: TriannualContext) -> Section:
    return programme_section(context, [Programme.Kind.LEARNING_REVIEW], "learning reviews")
