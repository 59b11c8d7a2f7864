"""What moderation and appreciative inquiry already collect, shown: two pages of audit findings.

- The moderators' checks of the auditors' actions (done, partly done, not
  done), for the QA unit: by auditor, team and cycle, with every action that
  says "done" although the moderator found it not done.
- The themes of appreciative inquiry: the phrases that recur in what teams
  said went well, made it work, they would do differently and will try, by
  cycle, over the sessions the reader may see.

Both download as CSV and Excel like the other audit-findings pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import HttpRequest, HttpResponse

from assure.core.access import requires
from assure.core.roles import Perm
from assure.instruments.registry import tool_current

from .. import analytics, phrases
from ..analytics import Table
from ..analytics.tables import cycle_label, cycle_sort
from ..dashboard_views import _maybe_export, _page, chosen_id
from ..models import ActionCheck, AppreciativeInquiry, Cycle
from ..policy import AUDITS, INQUIRIES

CONTRADICTIONS_SHOWN = 50


def _cycle(request: HttpRequest) -> tuple[Cycle | None, dict[str, Any]]:
    cycles = list(Cycle.objects.order_by("-starts_on"))
    cycle_id = chosen_id(request, "cycle", (c.pk for c in cycles), "cycle")
    chosen = next((c for c in cycles if c.pk == cycle_id), None)
    return chosen, {"cycles": cycles, "cycle": chosen}


@requires(Perm.RUN_QA)
def action_checks(request: HttpRequest) -> HttpResponse:
    chosen, filters = _cycle(request)
    checks: QuerySet[ActionCheck] = ActionCheck.objects.filter(
        moderation__audit__in=AUDITS.visible_to(request.user)
    )
    if chosen is not None:
        checks = checks.filter(moderation__audit__cycle=chosen)
    tables = [
        analytics.check_table(checks, by="auditor"),
        analytics.check_table(checks, by="team"),
        analytics.check_table(checks, by="cycle"),
    ]
    exported = _maybe_export(request, "action-checks", tables)
    if exported is not None:
        return exported
    contradicted = analytics.contradicted_checks(checks)
    return _page(
        request,
        "audits/insight_action_checks.html",
        {
            "section": "action-checks",
            "tables": tables,
            "contradicted": list(contradicted[:CONTRADICTIONS_SHOWN]),
            "contradicted_count": contradicted.count(),
            "shown_at_most": CONTRADICTIONS_SHOWN,
            **filters,
        },
    )


def _inquiry_questions() -> list[tuple[str, str]]:
    """(key, label) of the appreciative inquiry tool's reflection questions, in tool order."""
    parsed = tool_current("appreciative_inquiry").parsed
    return [
        (q.key, q.label)
        for section in parsed.sections
        for q in section.questions
        if q.type == "text" and q.theme
    ]


def inquiry_theme_tables(
    inquiries: QuerySet[AppreciativeInquiry], questions: list[tuple[str, str]], *, top: int = 5
) -> list[Table]:
    """The recurring phrases per cycle and question, and the sessions behind them.

    Reads only the answers (one query), never whole records; the counting is
    `audits.phrases`, the same that finds the audits' recurring phrases.
    """
    aliases = {f"t{i}": KT(f"responses__{key}") for i, (key, _label) in enumerate(questions)}
    rows = inquiries.annotate(**aliases).values_list(
        "cycle__year", "cycle__number", "team__name", *aliases
    )
    texts: dict[tuple[str, str], list[str]] = {}
    sessions: dict[tuple[str, str], int] = {}
    for row in rows.order_by():
        cycle = cycle_label({"cycle__year": row[0], "cycle__number": row[1]})
        sessions[(cycle, str(row[2]))] = sessions.get((cycle, str(row[2])), 0) + 1
        for i, (key, _label) in enumerate(questions):
            if row[3 + i]:
                texts.setdefault((cycle, key), []).append(str(row[3 + i]))
    labels = dict(questions)
    order = {key: i for i, (key, _label) in enumerate(questions)}
    cycles = sorted({c for c, _k in texts}, key=cycle_sort, reverse=True)
    themes: list[tuple[analytics.Cell, ...]] = []
    for cycle in cycles:
        for (c, key), answers in sorted(texts.items(), key=lambda item: order[item[0][1]]):
            if c != cycle:
                continue
            for phrase in phrases.recurring(answers, top=top):
                themes.append((cycle, labels[key], phrase.text, phrase.answers))
    # Latest cycle first, teams alphabetically within it, sessions outside a cycle last.
    by_team = sorted(((c, t, n) for (c, t), n in sessions.items()), key=lambda r: r[1].lower())
    by_team.sort(key=lambda r: r[0], reverse=True)
    by_team.sort(key=lambda r: r[0] == analytics.NO_CYCLE)
    recorded = sum(sessions.values())
    return [
        Table(
            key="inquiry-themes",
            title="Themes that recur, by cycle and question",
            summary=(
                f"The two- and three-word phrases used in the most answers (up to {top} for each "
                f"question in each cycle) across {recorded} appreciative inquiry "
                f"session{'s' if recorded != 1 else ''}, counting each answer once; a phrase "
                "needs at least two answers."
            ),
            headers=("Cycle", "Question", "Theme", "Sessions using it"),
            rows=themes,
        ),
        Table(
            key="inquiry-sessions",
            title="Sessions recorded, by cycle and team",
            summary=(
                "How many appreciative inquiry and supervision sessions using the tool each team "
                "recorded in each cycle."
            ),
            headers=("Cycle", "Team", "Sessions"),
            rows=list(by_team),
        ),
    ]


@requires(Perm.VIEW_CASES)
def inquiry_themes(request: HttpRequest) -> HttpResponse:
    chosen, filters = _cycle(request)
    inquiries = INQUIRIES.visible_to(request.user)
    if chosen is not None:
        inquiries = inquiries.filter(cycle=chosen)
    tables = inquiry_theme_tables(inquiries, _inquiry_questions())
    exported = _maybe_export(request, "inquiry-themes", tables)
    if exported is not None:
        return exported
    return _page(
        request,
        "audits/insight_inquiry_themes.html",
        {"section": "inquiry-themes", "tables": tables, **filters},
    )
