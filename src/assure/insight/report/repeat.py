"""Section 5: children returning to each service."""

from __future__ import annotations

from assure.reports.charts import Chart, bar_chart
from assure.reports.sections import report_section

from .context import REPORT, AnnexContext, AnnexSection, annex_section, benchmark_chart, pct


def _repeat(ctx: AnnexContext, breakdown_id: str, cohort: str) -> tuple[int, int] | None:
    """(repeat, all) of a cohort split into first and repeat episodes."""
    found = ctx.breakdown(breakdown_id, cohort)
    if found is None:
        return None
    return found.get("Repeat", 0), sum(found.values())


@report_section(report=REPORT, key="repeat", title="Children with repeat episodes", order=50)
def repeat(ctx: AnnexContext) -> AnnexSection:
    measures: list[tuple[str, int | None, int | None]] = [
        ("Re-referrals within 12 months", ctx.num("rereferrals_pct"), ctx.den("rereferrals_pct")),
    ]
    s47 = _repeat(ctx, "s47_repeat", "s47_enquiries")
    if s47 is not None:
        measures.append(("Section 47 enquiries with another in 12 months", *s47))
    measures.append(
        (
            "Second or subsequent child protection plans",
            ctx.num("cpp_subsequent_pct"),
            ctx.den("cpp_subsequent_pct"),
        )
    )
    care = _repeat(ctx, "second_period", "cla_open")
    if care is not None:
        measures.append(("Second period of care within 12 months", *care))
    rows = [(m, n, d, pct(n or 0, d)) for m, n, d in measures if d]
    summary = (
        "; ".join(f"{m.lower()}: {p}% ({n:,} of {d:,})" for m, n, d, p in rows) + "."
        if rows
        else "No repeat episodes can be counted from this snapshot."
    )
    charts: list[Chart] = [
        bar_chart(
            "repeat",
            "Children with repeat episodes",
            summary[0].upper() + summary[1:],
            [m for m, *_ in rows],
            [p for *_, p in rows],
            category_title="Measure",
            value_title="Per cent",
        )
    ]
    lines = ctx.lines(["rereferrals_pct", "cpp_subsequent_pct", "cpp_2y_plus_pct"])
    if lines:
        charts.append(
            benchmark_chart("repeat-benchmarks", "Repeat episodes: per cent", lines, ctx.la_name)
        )
    return annex_section(
        "Children returning to each service: re-referrals, repeat enquiries, repeat plans "
        "and repeat periods of care.",
        charts,
        lines,
    )
