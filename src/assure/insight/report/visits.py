"""Section 7: children seen, visited and reviewed within the required time."""

from __future__ import annotations

from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, percent_chart

MEASURES = (
    ("Child in need plans: seen within 28 days", "cin_plan_seen_28d_pct"),
    ("Child protection plans: visited within 10 working days", "cpp_visit_10wd_pct"),
    ("Children in care: visited within 6 weeks", "cla_visit_6wk_pct"),
    ("Children in care: reviewed within 6 months", "cla_review_6m_pct"),
    ("Children in care: health assessment within 12 months", "cla_health_assessment_pct"),
)


@report_section(report=REPORT, key="visits", title="Visits in time", order=70)
def visits(ctx: AnnexContext) -> AnnexSection:
    chart = percent_chart(
        ctx, "visits", "Visits and reviews in time", MEASURES, "On the as-of date: "
    )
    return annex_section(
        "Children seen, visited and reviewed within the required time, on the as-of date.",
        (chart,) if chart else (),
    )
