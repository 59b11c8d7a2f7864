"""Section 8: where children in care live, and how often they moved."""

from __future__ import annotations

from assure.reports.charts import Chart, bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, pct


@report_section(report=REPORT, key="placements", title="Placements", order=80)
def placements(ctx: AnnexContext) -> AnnexSection:
    charts: list[Chart] = []
    counts = ctx.largest_first("placement_type", "cla_open")
    moves = ctx.ordered("placement_moves", "cla_open")
    if counts is not None and moves is not None:
        total = sum(n for _, n in counts)
        summary = (
            f"Children in care on the as-of date by placement type: {total:,} children, the "
            f"most in {counts[0][0]} ({counts[0][1]:,})."
            if counts
            else "No children in care on the as-of date."
        )
        charts.append(
            bar_chart(
                "placements-type",
                "Placement type",
                summary,
                [k for k, _ in counts],
                [n for _, n in counts],
                category_title="Placement type",
                value_title="Children",
            )
        )
        labels, values, moved = moves
        three = values[-1]
        charts.append(
            bar_chart(
                "placements-moves",
                "Placements in the last 12 months",
                (
                    f"Children in care by placements in the last 12 months: {three:,} of "
                    f"{moved:,} ({pct(three, moved)}%) had 3 or more."
                    if moved
                    else "No children in care on the as-of date."
                ),
                labels,
                values,
                category_title="Placements",
                value_title="Children",
            )
        )
    return annex_section("Where children in care live, and how often they moved.", charts)
