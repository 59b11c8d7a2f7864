"""Section 2: the age and gender of the children in each list, as pyramids."""

from __future__ import annotations

from assure.reports.charts import Chart, pyramid_chart
from assure.reports.sections import report_section

from ..indicators.breakdowns import breakdown
from .context import COHORTS, REPORT, AnnexContext, AnnexSection, annex_section

GENDERS = ("Male", "Female", "Not stated or neither")


@report_section(report=REPORT, key="age-gender", title="Age and gender", order=20)
def age_gender(ctx: AnnexContext) -> AnnexSection:
    bands = breakdown("age_gender").order
    charts: list[Chart] = []
    for ind_id, name in COHORTS:
        cell = ctx.breakdown("age_gender", ind_id)
        if cell is None:
            continue
        boys, girls, other = ([cell.get((b, g), 0) for b in bands] for g in GENDERS)
        total = sum(boys) + sum(girls) + sum(other)
        by_band = [b + g + o for b, g, o in zip(boys, girls, other, strict=True)]
        biggest = bands[by_band.index(max(by_band))]
        summary = (
            f"{name}: {total:,} {'child' if total == 1 else 'children'}"
            f" (boys {sum(boys):,}, girls {sum(girls):,}, other or not stated "
            f"{sum(other):,}); the largest age group is {biggest}."
            if total
            else f"{name}: none in this snapshot."
        )
        charts.append(
            pyramid_chart(
                f"age-{ind_id}",
                f"{name}: age and gender",
                summary,
                bands,
                ("Boys", boys),
                ("Girls", girls),
                others=[("Not stated or neither", other)],
            )
        )
    return annex_section(
        "Age (at the as-of date, from the date of birth, else the age column) and gender "
        "of the children in each list.",
        charts,
    )
