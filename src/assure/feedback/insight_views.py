"""Feedback compared: themes across channels and over time, and what case audits collected."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assure.audits.models import Audit
from assure.audits.policy import AUDITS
from assure.audits.selectors import audits_visible_to
from assure.core import clock
from assure.core.access import requires
from assure.core.errors import InvalidInput
from assure.core.roles import Perm
from assure.reports.triannual.compare import bounds
from assure.reports.triannual.period import Period

from .figures import channel_theme_table, in_period, recent_periods, theme_counts, totals
from .models import Channel
from .selectors import feedback_visible_to


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period asked for (?period=2026-T3), or the current one; and any problem."""
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return Period.parse(text), ""
        except InvalidInput as problem:
            return Period.containing(clock.today()), problem.errors["period"]
    return Period.containing(clock.today()), ""


def _choices(current: Period) -> list[Period]:
    return list(reversed(recent_periods(Period.containing(clock.today()), 9)))


@requires(Perm.VIEW_AGGREGATES)
def themes(request: HttpRequest) -> HttpResponse:
    period, problem = _period(request)
    items = feedback_visible_to(request.user)
    shown = in_period(items, period)
    channels = [c for c in Channel.values if shown.filter(channel=c).exists()]
    order, table = channel_theme_table(shown, channels)
    labels = dict(Channel.choices)
    over_time = recent_periods(period)
    by_period = {p: theme_counts(in_period(items, p)) for p in over_time}
    names = sorted({n for counts in by_period.values() for n in counts})
    return render(
        request,
        "feedback/themes.html",
        {
            "period": period,
            "problem": problem,
            "periods": _choices(period),
            "channels": [(c, labels[c]) for c in channels],
            "rows": [(t, [table[t][c] for c in channels], sum(table[t].values())) for t in order],
            "totals": {labels[c]: totals(shown.filter(channel=c)) for c in channels},
            "over_time": over_time,
            "trend": [(n, [by_period[p].get(n, 0) for p in over_time]) for n in names],
        },
    )


# The questions of the audit tools that carry the child's, the family's and the
# practitioner's own feedback (instruments/tools/*.yaml, "feedback" and "practitioner").
SOUGHT = ("child_feedback_sought", "family_feedback_sought")
SAID = (
    ("child_feedback", "What the child said"),
    ("family_feedback", "What the family said"),
    ("training_impact", "What training changed, in the practitioner's words"),
)
SCALES = (
    ("practitioner_supported", "How supported the practitioner feels (1 to 10)"),
    ("practitioner_confidence", "How confident the practitioner feels about the plan (1 to 10)"),
)


def _average(values: list[Any]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return round(sum(numbers) / len(numbers), 1) if numbers else None


@requires(Perm.RUN_QA)
def audits(request: HttpRequest) -> HttpResponse:
    """Read-only: the feedback finalised audits collected in a period, never edited here."""
    period, problem = _period(request)
    start, end = bounds(period)
    found = list(
        audits_visible_to(request.user)
        .filter(status=Audit.Status.FINALISED, finalised_at__gte=start, finalised_at__lt=end)
        .defer(None)
        .order_by("finalised_at", "id")[:1000]
    )
    AUDITS.record_reads(
        request.user, found, what=f"Read the feedback in {len(found)} audits ({period.key})"
    )
    answers = [a.responses or {} for a in found]
    sought = {
        key: {
            "yes": sum(1 for r in answers if r.get(key) == "yes"),
            "no": sum(1 for r in answers if r.get(key) == "no"),
            "na": sum(1 for r in answers if r.get(key) == "n/a"),
        }
        for key in SOUGHT
    }
    return render(
        request,
        "feedback/audits.html",
        {
            "period": period,
            "problem": problem,
            "periods": _choices(period),
            "count": len(found),
            "sought": sought,
            "scales": [(label, _average([r.get(k) for r in answers])) for k, label in SCALES],
            "said": [
                (
                    label,
                    [
                        (a, a.responses.get(key))
                        for a in found
                        if isinstance((a.responses or {}).get(key), str)
                        and a.responses[key].strip()
                    ],
                )
                for key, label in SAID
            ],
        },
    )
