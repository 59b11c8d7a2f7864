"""Section 10: how long children waited for adoption."""

from __future__ import annotations

from dataclasses import replace

from assure.reports.charts import Chart, bar_chart, fmt
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, pct

MEANS = (
    ("Entering care to placed for adoption", "adoption_care_to_placed_days"),
    ("Placement order to match", "adoption_order_to_match_days"),
)


@report_section(report=REPORT, key="adoption", title="Adoption timeliness", order=100)
def adoption(ctx: AnnexContext) -> AnnexSection:
    charts: list[Chart] = []
    rows = [(label, ctx.den(i), ctx.value(i)) for label, i in MEANS]
    rows = [r for r in rows if r[1]]
    if rows:
        base = bar_chart(
            "adoption-means",
            "Adoption timeliness: mean days",
            "Mean days over the six months: "
            + "; ".join(f"{lab.lower()} {fmt(v)} days ({n:,} children)" for lab, n, v in rows)
            + ".",
            [r[0] for r in rows],
            [r[2] for r in rows],
            category_title="Stage",
            value_title="Mean days",
        )
        charts.append(replace(base, headers=("Stage", "Children", "Mean days"), rows=tuple(rows)))
    found = ctx.ordered("adoption_wait", "adoption_care_to_placed_days")
    if found is not None and found[2]:
        labels, values, total = found
        charts.append(
            bar_chart(
                "adoption-bands",
                "Entering care to placed for adoption",
                f"Children placed for adoption in the six months by time since entering "
                f"care: {values[0]:,} of {total:,} ({pct(values[0], total)}%) within "
                "12 months.",
                labels,
                values,
                category_title="Time",
                value_title="Children",
            )
        )
    return annex_section(
        "How long children waited for adoption, over those placed or matched in the six months.",
        charts,
    )
