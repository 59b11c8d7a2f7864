"""Section 9: care leavers in touch, suitably housed and in education, employment or training."""

from __future__ import annotations

from assure.reports.charts import Chart, bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, pct, percent_chart

MEASURES = (
    ("In touch", "care_leavers_in_touch_pct"),
    ("In suitable accommodation", "care_leavers_suitable_accommodation_pct"),
    ("In education, employment or training", "care_leavers_eet_pct"),
)
NOT_IN_EET = 2  # the category "Not in education, employment or training"


@report_section(report=REPORT, key="care-leavers", title="Care leavers' outcomes", order=90)
def care_leavers(ctx: AnnexContext) -> AnnexSection:
    charts: list[Chart] = []
    chart = percent_chart(
        ctx,
        "care-leavers",
        "Care leavers' outcomes",
        MEASURES,
        "Of the care leavers on list 9: ",
        counted="Care leavers",
    )
    if chart is not None:
        charts.append(chart)
    found = ctx.ordered("care_leaver_activity", "list_9")
    if found is not None:
        labels, values, total = found
        charts.append(
            bar_chart(
                "care-leavers-activity",
                "Care leavers' activity",
                (
                    f"Care leavers by activity: {values[NOT_IN_EET]:,} of {total:,} "
                    f"({pct(values[NOT_IN_EET], total)}%) not in education, employment or "
                    "training."
                    if total
                    else "No care leavers on list 9."
                ),
                labels,
                values,
                category_title="Activity",
                value_title="Care leavers",
            )
        )
    return annex_section(
        "Care leavers in touch, suitably housed and in education, employment or training.",
        charts,
    )
