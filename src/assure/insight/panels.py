"""The headline performance a director's home leads with.

A few key indicators from the latest Annex A beside the published figures for
England and the statistical neighbours, where the DfE publishes the same
measure (the visual report's comparison: `report.context.published`). The
figures are the stored output rows of the latest snapshot, so the panel costs
the same few queries however large the Annex A.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from assure.core.home import Panel, PanelItem, PanelTable, has_director_home, home_panel
from assure.core.policy import Access
from assure.core.roles import Perm
from assure.reports.tables import cell_text

from . import selectors
from .benchmarks import benchmark_indicator
from .services import configured_benchmark_code

# The measures a director asks after first: demand, repeat demand, protection, care.
HEADLINE = ("referrals_per_10k", "rereferrals_pct", "cpp_per_10k", "cla_per_10k")


def _against(own: Any, other: Any, polarity: str) -> str:
    """Our figure against a comparator, in words, saying which way is better where it matters."""
    if own is None or other is None:
        return "No comparison"
    if own == other:
        return "The same"
    higher = own > other
    if polarity in ("lower_is_better", "lower_better"):
        return "Better (lower)" if not higher else "Worse (higher)"
    if polarity in ("higher_is_better", "higher_better"):
        return "Better (higher)" if higher else "Worse (lower)"
    return "Higher" if higher else "Lower"


@home_panel
def headline_panel(user: Any, access: Access) -> Panel | None:
    # Imported here, not at start-up: the report package loads the chart engine, which
    # the commands that import this app at start-up (imports, indicators) never use.
    from .report.context import OWN_FIGURE, published

    if not has_director_home(access) or Perm.VIEW_AGGREGATES not in access.perms:
        return None
    run = selectors.current_run()
    if run is None:
        return Panel(
            key="headline",
            title="Headline performance",
            empty_text="No Annex A has been imported yet, so there are no figures to lead with.",
            wide=True,
            order=2,
        )
    as_of = run.snapshot.as_of
    own = selectors.latest_figures_by_id(run)
    code = configured_benchmark_code() or ""
    result, note = published(code, as_of) if code else (None, "")
    rows = []
    for bid in HEADLINE:
        meta = benchmark_indicator(bid)
        own_id = OWN_FIGURE.get(bid)
        found = own.get(own_id) if own_id else None
        ours = found["value"] if found else None
        compared = result.indicators.get(bid) if result is not None else None
        england = compared.england if compared else None
        neighbours = compared.sn_median if compared else None
        rows.append(
            (
                meta.label,
                cell_text(ours),
                cell_text(neighbours),
                cell_text(england),
                _against(ours, england, meta.polarity),
            )
        )
    year = f" ({result.year} published figures)" if result is not None else ""
    return Panel(
        key="headline",
        title="Headline performance",
        tables=[
            PanelTable(
                f"Our Annex A as at {as_of:%-d %B %Y}, beside England and our statistical "
                f"neighbours{year}",
                ("Indicator", "Ours", "Statistical neighbours", "England", "Against England"),
                rows,
            )
        ],
        items=[PanelItem(note)] if note else [],
        links=[PanelItem("Every benchmark, with trends", reverse("insight:benchmarks"))],
        empty_text="",
        more_link=reverse("insight:home"),
        more_text="Every performance figure",
        wide=True,
        order=2,
    )
