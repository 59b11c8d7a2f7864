"""Section 1: each list's volume, and rates per 10,000 children beside the published figures."""

from __future__ import annotations

from assure.reports.charts import bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, benchmark_chart

MEASURES = (
    ("Contacts in the six months", "contacts"),
    ("Referrals in the six months", "referrals"),
    ("Assessments authorised in the six months", "assessments_authorised"),
    ("Section 47 enquiries in the six months", "s47_enquiries"),
    ("Children in need on the as-of date", "cin_open"),
    ("Child protection plans on the as-of date", "cpp_open"),
    ("Children in care on the as-of date", "cla_open"),
)
WHOLE_LISTS = (
    ("Care leavers (list 9)", "list_9"),
    ("Children with an adoption decision (list 10)", "list_10"),
)


@report_section(report=REPORT, key="volumes", title="Volumes and rates", order=10)
def volumes(ctx: AnnexContext) -> AnnexSection:
    counts: list[tuple[str, int | None]] = [(label, ctx.num(i)) for label, i in MEASURES]
    for label, cohort in WHOLE_LISTS:
        found = ctx.ordered("rows", cohort)
        counts.append((label, found[2] if found else None))
    present = [(label, c) for label, c in counts if c is not None]
    summary = (
        "How many children each list holds: "
        + "; ".join(f"{label.lower()} {c:,}" for label, c in present[:4])
        + ("." if present else "no list was imported.")
    )
    charts = [
        bar_chart(
            "volumes-counts",
            "Volumes by list",
            summary,
            [label for label, _ in present],
            [c for _, c in present],
            category_title="Measure",
            value_title="Count",
        )
    ]
    lines = ctx.lines(["referrals_per_10k", "cin_per_10k", "cpp_per_10k", "cla_per_10k"])
    if lines:
        charts.append(
            benchmark_chart(
                "volumes-rates", "Rates: per 10,000 children aged 0-17", lines, ctx.la_name
            )
        )
    if not ctx.population:
        note = "Rates need the authority's 0-17 population, which is not configured."
    else:
        note = (
            f"Rates use a 0-17 population of {ctx.population:,}; referrals are annualised "
            "(the six months doubled) to compare with the published year."
        )
    return annex_section(
        "Each list's volume in this snapshot, and rates per 10,000 children beside the "
        "published figures.",
        charts,
        lines,
        (note,),
    )
