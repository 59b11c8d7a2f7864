"""Performance pages: the indicators of the latest Annex A, the children behind them, the glossary.

Thin views: reads through `selectors`, permission questions to
`policy.team_figures`. Every figure shown is a stored output row of the
latest snapshot; below the authority's level, counts of 1 to 4 reach only
those who may see children. Child references appear only on the drill-down
page, for the cases Assure allocates to a team in the user's scope, and
each look is in the trail. Uploads, exports, benchmarks and team mapping
are in `data_views`.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from assure.core.access import requires
from assure.core.home import Panel, PanelItem, home_panel
from assure.core.policy import Access, access_for
from assure.core.roles import Perm

from . import selectors
from .benchmarks import ATTRIBUTION, BENCHMARK_INDICATORS
from .comparisons import own_comparison, stand_in_note
from .indicators import part_a
from .policy import team_figures


def _indicator_or_404(indicator_id: str) -> Any:
    found = selectors.registry().get(indicator_id)
    if found is None:
        raise Http404
    return found


# ------------------------------------------------------------------ indicators


@requires(Perm.VIEW_AGGREGATES)
def home(request: HttpRequest) -> HttpResponse:
    run = selectors.current_run()
    compared = own_comparison()
    return render(
        request,
        "insight/home.html",
        {
            "run": run,
            "snapshot": run.snapshot if run else None,
            "figures": selectors.la_figures(run),
            "compared": compared,
            "stand_in": stand_in_note(compared.result if compared else None),
            "attribution": ATTRIBUTION,
            "can_import": Perm.IMPORT_DATA in _perms(request),
        },
    )


def _perms(request: HttpRequest) -> frozenset[Perm]:
    return access_for(request.user).perms


@requires(Perm.VIEW_AGGREGATES)
def indicator_detail(request: HttpRequest, indicator_id: str) -> HttpResponse:
    ind = _indicator_or_404(indicator_id)
    run = selectors.current_run()
    by_level = selectors.indicator_figures(request.user, run, ind)
    levels = [(key, label, by_level.get(key, [])) for key, label in selectors.LEVELS if key != "la"]
    la = by_level.get("la", [])
    compared = own_comparison()
    return render(
        request,
        "insight/indicator.html",
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
            "run": run,
            "snapshot": run.snapshot if run else None,
            "la": la[0] if la else None,
            "levels": levels,
            "withheld": any(f.suppressed for _k, _l, figs in levels for f in figs),
            "sees_children": Perm.VIEW_CASES in _perms(request),
            "published": compared.for_part_a(ind.id) if compared else None,
            "published_year": compared.result.year if compared else None,
            "attribution": ATTRIBUTION,
        },
    )


@requires(Perm.VIEW_CASES)
def indicator_children(request: HttpRequest, indicator_id: str, team_id: int) -> HttpResponse:
    ind = _indicator_or_404(indicator_id)
    team = selectors.drillable_team(request.user, team_id)
    if team is None:
        raise Http404  # never say whether a team outside your scope has children listed
    if not ind.has_teams:
        raise Http404
    run = selectors.current_run()
    rows = selectors.drilldown_rows(request.user, run, ind, team) if run is not None else []
    figure = None
    if run is not None:
        names = set(selectors.annex_names_for_team(team, selectors.team_names(run)))
        figure = [
            r
            for r in selectors.indicator_rows(run, indicator=ind.id, level="team")
            if r["unit"] in names
        ]
    return render(
        request,
        "insight/children.html",
        {
            "indicator": ind,
            "team": team,
            "own_only": team_figures.own_cases_only(request.user, team),
            "run": run,
            "snapshot": run.snapshot if run else None,
            "rows": rows,
            "figures": figure or [],
            "limited": len(rows) >= 5000,
        },
    )


@requires(Perm.VIEW_AGGREGATES)
def glossary(request: HttpRequest) -> HttpResponse:
    part_a_entries = [
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
            "levels": ", ".join(
                selectors.LEVEL_LABELS.get(lv, lv)
                for lv in (
                    ["la", "area", "district", "service", "team"] if ind.has_teams else ["la"]
                )
            ),
        }
        for ind in part_a()
    ]
    part_b_entries = [
        {
            "indicator": ind,
            "unit_label": selectors.UNIT_LABELS.get(ind.unit, ind.unit),
            "polarity_label": selectors.POLARITY_LABELS.get(ind.polarity, ind.polarity),
        }
        for ind in BENCHMARK_INDICATORS
    ]
    return render(
        request,
        "insight/glossary.html",
        {"part_a": part_a_entries, "part_b": part_b_entries, "attribution": ATTRIBUTION},
    )


# ------------------------------------------------------------------ home page


@home_panel
def _performance_panel(user: Any, access: Access) -> Panel | None:
    if Perm.IMPORT_DATA not in access.perms and not access.senior:
        return None
    if Perm.VIEW_AGGREGATES not in access.perms:
        return None
    latest = selectors.latest_summary()
    items = []
    if latest is not None:
        items.append(
            PanelItem(
                text=f"Annex A as at {latest.as_of:%-d %B %Y}",
                link=reverse("insight:home"),
                meta=latest.source_filename,
            )
        )
    more_link, more_text = reverse("insight:home"), "See the performance figures"
    if Perm.IMPORT_DATA in access.perms:
        more_link, more_text = reverse("insight:upload"), "Upload an Annex A"
    return Panel(
        key="performance",
        title="Performance data",
        empty_text="No Annex A has been imported yet.",
        items=items,
        more_link=more_link,
        more_text=more_text,
        order=40,
    )
