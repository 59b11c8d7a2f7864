"""The feedback channels' parts of the triannual report (framework section 5).

Each section counts the feedback its channels received in the period (an item
belongs to the period it was received in) beside the period before and the same
period a year before: how many by channel, how often each theme came up, the
average rating, and how many were answered ("you said, we did"). Counts only:
never a child, a team or the words of feedback. In the public version a count
under 5 is hidden, and so is an average of fewer than 5 ratings.
"""

from __future__ import annotations

from django.db.models import Q

from assure.audits.models import Audit
from assure.reports.sections import Section, report_section
from assure.reports.tables import Cell
from assure.reports.triannual.compare import Measure, TriannualContext, bounds, comparison_table
from assure.reports.triannual.period import Period

from .figures import in_period, theme_counts, totals
from .models import Channel, FeedbackItem

TOP_THEMES = 8


def _average(context: TriannualContext, items: object, period: Period) -> Cell:
    figures = totals(in_period(items, period))  # type: ignore[arg-type]
    if figures.average is None or (context.public and figures.rated < 5):
        return None
    return figures.average


def _audits_sought(period: Period, key: str) -> int:
    """Finalised audits of the period in which the child's (or family's) feedback was sought."""
    start, end = bounds(period)
    return Audit.objects.filter(
        Q(**{f"responses__{key}": "yes"}),
        status=Audit.Status.FINALISED,
        finalised_at__gte=start,
        finalised_at__lt=end,
    ).count()


def _section(
    context: TriannualContext,
    channels: tuple[Channel, ...],
    what: str,
    extra: list[tuple[str, Measure]] | None = None,
) -> Section:
    items = FeedbackItem.objects.filter(channel__in=channels)

    def count(channel: Channel | None = None) -> Measure:
        chosen = items.filter(channel=channel) if channel else items
        return lambda p: context.shown(in_period(chosen, p).count())

    def answered(p: Period) -> Cell:
        return context.shown(totals(in_period(items, p)).answered)

    measures: list[tuple[str, Measure]] = [(f"Feedback received from {what}", count())]
    if len(channels) > 1:
        measures += [(f"of which {c.label.lower()}", count(c)) for c in channels]
    measures += [
        ("Average rating (out of 5)", lambda p: _average(context, items, p)),
        ("Answered: you said, we did", answered),
        *(extra or []),
    ]
    tables = [
        comparison_table(
            context, f"Feedback from {what}, beside the period before and a year before", measures
        )
    ]
    by_period = {p: theme_counts(in_period(items, p)) for p in context.periods}
    top = sorted(by_period[context.period], key=lambda t: -by_period[context.period][t])
    if top:
        tables.append(
            comparison_table(
                context,
                f"The themes of feedback from {what} (one piece may carry several)",
                [
                    (name, (lambda n: lambda p: context.shown(by_period[p].get(n, 0)))(name))
                    for name in top[:TOP_THEMES]
                ],
            )
        )
    total = context.shown(in_period(items, context.period).count())
    pieces = "piece" if total == 1 else "pieces"
    return Section(
        intro=(
            f"Feedback from {what} received in {context.period.label}: {total} {pieces} in "
            "all, its themes, and what was done in response."
        ),
        tables=tuple(tables),
    )


@report_section(
    report="triannual", key="children", title="Voices of children and young people", order=70
)
def children_section(context: TriannualContext) -> Section:
    return _section(
        context,
        (
            Channel.CHILD,
            Channel.CIC_COUNCIL,
            Channel.CHALLENGE_CARD,
            Channel.ADVOCACY,
            Channel.INDEPENDENT_VISITOR,
        ),
        "children and young people",
        [
            (
                "Case audits in which the child's feedback was sought",
                lambda p: context.shown(_audits_sought(p, "child_feedback_sought")),
            )
        ],
    )


@report_section(report="triannual", key="parents", title="Parents and carers", order=80)
def parents_section(context: TriannualContext) -> Section:
    return _section(
        context,
        (Channel.PARENT_CARER,),
        "parents and carers",
        [
            (
                "Case audits in which the family's feedback was sought",
                lambda p: context.shown(_audits_sought(p, "family_feedback_sought")),
            )
        ],
    )


@report_section(report="triannual", key="staff", title="Staff", order=90)
def staff_section(context: TriannualContext) -> Section:
    return _section(context, (Channel.STAFF, Channel.STAFF_SURVEY), "staff")


@report_section(report="triannual", key="partners", title="Partners", order=100)
def partners_section(context: TriannualContext) -> Section:
    return _section(context, (Channel.PARTNER,), "partner agencies")


@report_section(report="triannual", key="complaints", title="Complaints and compliments", order=110)
def complaints_section(context: TriannualContext) -> Section:
    return _section(context, (Channel.COMPLAINT, Channel.COMPLIMENT), "complaints and compliments")
