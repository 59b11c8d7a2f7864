"""Section 4: who contacted and referred, over the six months."""

from __future__ import annotations

from assure.reports.charts import Chart, bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, pct

SOURCES = (
    ("contacts", "contact_source", "Contacts"),
    ("referrals", "referral_source", "Referrals"),
)


@report_section(report=REPORT, key="sources", title="Sources of contacts and referrals", order=40)
def sources(ctx: AnnexContext) -> AnnexSection:
    charts: list[Chart] = []
    for ind_id, breakdown_id, name in SOURCES:
        counts = ctx.largest_first(breakdown_id, ind_id)
        if counts is None:
            continue
        total = sum(n for _, n in counts)
        summary = (
            f"{name} in the six months by source: {total:,} in all, the most from "
            f"{counts[0][0]} ({counts[0][1]:,}, {pct(counts[0][1], total)}%)."
            if counts
            else f"No {name.lower()} in the six months."
        )
        charts.append(
            bar_chart(
                f"sources-{ind_id}",
                f"{name} by source",
                summary,
                [k for k, _ in counts],
                [n for _, n in counts],
                category_title="Source",
                value_title=name,
            )
        )
    return annex_section(
        "Who contacted and referred, over the six months to the as-of date.",
        charts,
        ctx.lines(["referrals_nfa_pct"]),
    )
