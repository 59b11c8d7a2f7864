"""Section 3: ethnic groups as a share of each list."""

from __future__ import annotations

from assure.reports.charts import Chart, grouped_bar_chart
from assure.reports.sections import report_section

from ..indicators.breakdowns import breakdown
from .context import COHORTS, REPORT, AnnexContext, AnnexSection, annex_section, pct


@report_section(report=REPORT, key="ethnicity", title="Ethnicity", order=30)
def ethnicity(ctx: AnnexContext) -> AnnexSection:
    groups = breakdown("ethnicity").order
    rows: list[tuple[str, str, float | int | None]] = []
    parts: list[str] = []
    for ind_id, name in COHORTS:
        counts = ctx.breakdown("ethnicity", ind_id)
        if counts is None:
            continue
        total = sum(counts.values())
        for g in groups:
            rows.append((g, name, pct(counts.get(g, 0), total) if total else None))
        if total:
            parts.append(f"{pct(counts.get('White', 0), total)}% of {name.lower()}")
    charts: list[Chart] = []
    if rows:
        summary = (
            "The share of each ethnic group in each list: White children make up "
            + ", ".join(parts)
            + "."
            if parts
            else "No children in these lists in this snapshot."
        )
        charts.append(
            grouped_bar_chart(
                "ethnicity",
                "Ethnicity: per cent of each list",
                summary,
                rows,
                category_title="Ethnic group",
                series_title="List",
                value_title="Per cent",
            )
        )
    return annex_section(
        "Ethnic groups (the census's five, from the Annex A code) as a share of each list.",
        charts,
    )
