"""The Part B indicator registry: one entry per benchmark read from DfE statistics.

Each entry says where its value comes from (a source file key from
`sources.py`, a column, an optional row filter) and how it is computed (the
column as published, or the column per 10,000 children of the 0-17
population). The engine, the API, the glossary and the reports all read these
entries, so an indicator's meaning is written down once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["rate_per_10k", "percent", "mean"]
Polarity = Literal["higher_is_better", "lower_is_better", "neither"]
Method = Literal["column", "per_10k"]

# The cla file row that carries both the 0-17 population DfE used and the
# looked-after rate; the spec names it by its exact text.
CLA_AT_31_MARCH = "Children looked after on 31 March each year"


@dataclass(frozen=True, slots=True)
class BenchmarkIndicator:
    """A Part B indicator: an authority's published figure and how to read it."""

    id: str
    label: str
    description: str
    unit: Unit
    polarity: Polarity
    source: str
    column: str
    method: Method
    definition: str
    # Extra equality conditions on the source rows (column -> value).
    row_filter: tuple[tuple[str, str], ...] = field(default=())
    level: Literal["la"] = "la"


BENCHMARK_INDICATORS: tuple[BenchmarkIndicator, ...] = (
    BenchmarkIndicator(
        id="referrals_per_10k",
        label="Referrals per 10,000 children",
        description="Referrals to children's social care in the year "
        "per 10,000 children aged 0-17.",
        unit="rate_per_10k",
        polarity="neither",
        source="c1",
        column="referral_count",
        method="per_10k",
        definition="c1 referral_count / cla population_estimate x 10,000",
    ),
    BenchmarkIndicator(
        id="rereferrals_pct",
        label="Re-referrals within 12 months (%)",
        description="Referrals in the year made within 12 months of a previous referral.",
        unit="percent",
        polarity="lower_is_better",
        source="c1",
        column="rereferral_percent",
        method="column",
        definition="c1 rereferral_percent",
    ),
    BenchmarkIndicator(
        id="referrals_nfa_pct",
        label="Referrals with no further action (%)",
        description="Referrals in the year that led to no further action.",
        unit="percent",
        polarity="neither",
        source="c1",
        column="no_further_action_percent",
        method="column",
        definition="c1 no_further_action_percent",
    ),
    BenchmarkIndicator(
        id="cin_per_10k",
        label="Children in need per 10,000 children",
        description="Children in need episodes open on 31 March per 10,000 children aged 0-17.",
        unit="rate_per_10k",
        polarity="neither",
        source="b1",
        column="At31_episodes",
        method="per_10k",
        definition="b1 At31_episodes / cla population_estimate x 10,000",
    ),
    BenchmarkIndicator(
        id="cpp_per_10k",
        label="Child protection plans per 10,000 children",
        description="Child protection plans open on 31 March per 10,000 children aged 0-17.",
        unit="rate_per_10k",
        polarity="neither",
        source="d5",
        column="CPP_At31",
        method="per_10k",
        definition="d5 CPP_At31 / cla population_estimate x 10,000",
    ),
    BenchmarkIndicator(
        id="cpp_subsequent_pct",
        label="Second or subsequent child protection plans (%)",
        description="Child protection plans started in the year that were a second or later plan.",
        unit="percent",
        polarity="lower_is_better",
        source="d3",
        column="CPP_subsequent_percent",
        method="column",
        definition="d3 CPP_subsequent_percent",
    ),
    BenchmarkIndicator(
        id="cpp_2y_plus_pct",
        label="Child protection plans lasting 2 years or more (%)",
        description="Child protection plans open on 31 March that had lasted 2 years or more.",
        unit="percent",
        polarity="lower_is_better",
        source="d5",
        column="2_years_or_more_percent",
        method="column",
        definition="d5 2_years_or_more_percent",
    ),
    BenchmarkIndicator(
        id="cla_per_10k",
        label="Children looked after per 10,000 children",
        description="Children looked after on 31 March per 10,000 children aged 0-17.",
        unit="rate_per_10k",
        polarity="neither",
        source="cla",
        column="rate_per_10000",
        method="column",
        definition=f"cla rate_per_10000 on the row whose population_type is '{CLA_AT_31_MARCH}'",
        row_filter=(("population_type", CLA_AT_31_MARCH),),
    ),
    BenchmarkIndicator(
        id="sw_turnover_pct",
        label="Social worker turnover (%)",
        description="Children and family social workers (FTE) who left in the year, "
        "as a share of those in post.",
        unit="percent",
        polarity="lower_is_better",
        source="csww",
        column="turnover_rate_fte",
        method="column",
        definition="csww turnover_rate_fte",
    ),
    BenchmarkIndicator(
        id="sw_agency_pct",
        label="Agency social workers (%)",
        description="Agency social workers (FTE) as a share of all social workers on 30 September.",
        unit="percent",
        polarity="lower_is_better",
        source="csww",
        column="agency_rate_fte",
        method="column",
        definition="csww agency_rate_fte",
    ),
    BenchmarkIndicator(
        id="sw_vacancy_pct",
        label="Social worker vacancies (%)",
        description="Vacant social worker posts (FTE) as a share of all posts on 30 September.",
        unit="percent",
        polarity="lower_is_better",
        source="csww",
        column="vacancy_rate_fte",
        method="column",
        definition="csww vacancy_rate_fte",
    ),
    BenchmarkIndicator(
        id="sw_caseload",
        label="Average social worker caseload",
        description="Cases per case-holding social worker (FTE) on 30 September.",
        unit="mean",
        polarity="lower_is_better",
        source="csww",
        column="caseload_fte",
        method="column",
        definition="csww caseload_fte",
    ),
)

_BY_ID: dict[str, BenchmarkIndicator] = {i.id: i for i in BENCHMARK_INDICATORS}


def benchmark_indicator(indicator_id: str) -> BenchmarkIndicator:
    """The registry entry for `indicator_id`; KeyError names it when unknown."""
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown benchmark indicator {indicator_id!r}") from None
