"""Performance and benchmarks, for the triannual report.

Each period is read from the last Annex A extract taken within it (none: no
figures for that period); the published DfE figures for the authority's own
code are set beside England and its statistical neighbours with their RAG
status. Authority-level figures only, so nothing here identifies a child.
"""

from __future__ import annotations

from assure.reports.sections import Section, report_section
from assure.reports.tables import Cell, Table
from assure.reports.triannual.compare import TriannualContext
from assure.reports.triannual.period import Period

from . import selectors
from .benchmarks import ATTRIBUTION
from .comparisons import own_comparison
from .models import AnnexASnapshot


def _extract_in(period: Period) -> AnnexASnapshot | None:
    return (
        AnnexASnapshot.objects.filter(
            status=AnnexASnapshot.Status.IMPORTED,
            as_of__gte=period.starts_on,
            as_of__lt=period.ends_before,
        )
        .select_related("indicator_run")
        .order_by("-as_of", "-imported_at", "-pk")
        .first()
    )


def _values(period: Period) -> tuple[AnnexASnapshot | None, dict[str, Cell]]:
    snapshot = _extract_in(period)
    run = selectors.run_for(snapshot)
    rows = selectors.latest_figures_by_id(run)
    return snapshot, {key: row["value"] for key, row in rows.items()}


@report_section(
    report="triannual", key="performance", title="Performance and benchmarks", order=140
)
def performance_section(context: TriannualContext) -> Section:
    by_period = [_values(p) for p in context.periods]
    reg = selectors.registry()
    shown = [key for key in reg if any(key in values for _s, values in by_period)]
    dated = [
        f"{p.short}: the extract as at {s.as_of:%d %B %Y}" if s else f"{p.short}: no extract"
        for p, (s, _v) in zip(context.periods, by_period, strict=True)
    ]
    tables = []
    if shown:
        tables.append(
            Table(
                title="The authority's indicators from each period's last Annex A extract",
                headers=context.headers("Indicator"),
                rows=tuple(
                    (reg[key].label, *(values.get(key) for _s, values in by_period))
                    for key in shown
                ),
                note="; ".join(dated) + ".",
            )
        )
    compared = own_comparison()
    if compared is not None:
        tables.append(
            Table(
                title=(
                    f"Published figures for {compared.result.la_name or compared.result.la}, "
                    f"{compared.result.year}, beside England and statistical neighbours"
                ),
                headers=("Indicator", "Ours", "England", "Region", "Neighbours (median)", "Status"),
                rows=tuple(
                    (
                        r.indicator.label,
                        r.comparison.value,
                        r.comparison.england,
                        r.comparison.region,
                        r.comparison.sn_median,
                        f"{r.rag.label}. {r.rag.reason}",
                    )
                    for r in compared.rows
                ),
                note=ATTRIBUTION,
            )
        )
    return Section(
        intro=(
            "The authority's own indicators from its Annex A extracts, and its published "
            "figures against England and its statistical neighbours. Green: as good as or "
            "better than both; amber: better than one; red: worse than both."
        ),
        tables=tuple(tables),
        empty_text="No Annex A extract was taken in these periods, and no published figures "
        "are known for the authority's DfE code.",
    )
