"""Section 6: how long assessments and initial conferences took, in working days."""

from __future__ import annotations

from assure.reports.charts import Chart, bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, pct

ASSESSMENT_WITHIN = 6  # the first six bands: within 45 working days
ICPC_WITHIN = 4  # the first four bands: within 15 working days


@report_section(report=REPORT, key="timeliness", title="Timeliness", order=60)
def timeliness(ctx: AnnexContext) -> AnnexSection:
    charts: list[Chart] = []
    found = ctx.ordered("assessment_working_days", "assessments_authorised")
    if found is not None:
        labels, values, total = found
        within = sum(values[:ASSESSMENT_WITHIN])
        summary = (
            f"Assessments authorised in the six months by working days taken: "
            f"{within:,} of {total:,} ({pct(within, total)}%) within 45 working days."
            if total
            else "No assessments were authorised in the six months."
        )
        charts.append(
            bar_chart(
                "timeliness-assessments",
                "Assessment duration (working days)",
                summary,
                labels,
                values,
                category_title="Working days",
                value_title="Assessments",
            )
        )
    found = ctx.ordered("icpc_working_days", "icpc_15wd_pct")
    if found is not None:
        labels, values, total = found
        within = sum(values[:ICPC_WITHIN])
        summary = (
            f"Initial child protection conferences in the six months by working days after "
            f"the strategy discussion: {within:,} of {total:,} ({pct(within, total)}%) "
            "within 15 working days."
            if total
            else "No initial child protection conferences were held in the six months."
        )
        charts.append(
            bar_chart(
                "timeliness-icpc",
                "Initial conferences after the strategy discussion (working days)",
                summary,
                labels,
                values,
                category_title="Working days",
                value_title="Conferences",
            )
        )
    return annex_section(
        "How long assessments and initial child protection conferences took, in working "
        "days (weekends and bank holidays in England left out). A row with no start date "
        "is not banded.",
        charts,
    )
