"""The visual report's sections, computed exactly on the hand-made Annex A of report_fixtures."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from assure.insight.benchmarks import ATTRIBUTION
from assure.insight.models import AnnexASnapshot
from assure.insight.report import Report, snapshot_report
from assure.insight.services import snapshot_import
from tests.insight.report.report_fixtures import D, write_annex


def table(report: Report, key: str) -> dict[str, tuple[Any, ...]]:
    chart = report.chart(key)
    assert chart is not None, key
    assert chart.summary and chart.rows and chart.spec["$schema"]
    return {str(row[0]): tuple(row[1:]) for row in chart.rows}


@pytest.fixture(scope="module")
def report(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Report:
    """Built once for the module (Kent's code, to compare with its published figures)."""
    folder = tmp_path_factory.mktemp("report")
    with (
        django_db_blocker.unblock(),
        override_settings(VAR_DIR=folder / "var", ASSURE_LA_CODE="886"),
        transaction.atomic(),
    ):
        cache.clear()
        result = snapshot_import(path=write_annex(folder / "annex"), as_of=D)
        assert result.snapshot is not None
        built = snapshot_report(result.snapshot)
        transaction.set_rollback(True)
    return built


def test_sections_in_order(report: Report) -> None:
    assert [s.key for s in report.sections] == [
        "volumes",
        "age-gender",
        "ethnicity",
        "sources",
        "repeat",
        "timeliness",
        "visits",
        "placements",
        "care-leavers",
        "adoption",
    ]
    assert all(chart.summary.endswith(".") for chart in report.charts)


def test_volumes(report: Report) -> None:
    assert table(report, "volumes-counts") == {
        "Contacts in the six months": (3,),
        "Referrals in the six months": (3,),
        "Assessments authorised in the six months": (5,),
        "Section 47 enquiries in the six months": (4,),
        "Children in need on the as-of date": (1,),
        "Child protection plans on the as-of date": (2,),
        "Children in care on the as-of date": (2,),
        "Care leavers (list 9)": (4,),
        "Children with an adoption decision (list 10)": (2,),
    }


def test_rates_beside_the_published_figures(report: Report) -> None:
    volumes = report.sections[0]
    referrals = next(b for b in volumes.benchmarks if b.indicator == "referrals_per_10k")
    # The check value of the spec: Kent 2025 676.3 against England 519.4.
    assert (referrals.year, referrals.value, referrals.england) == (2025, 676.3, 519.4)
    # 3 referrals in six months, doubled, over the test population of 310,000.
    assert referrals.own == 0.2
    rates = table(report, "volumes-rates")
    assert rates["Referrals per 10,000 children"][:2] == (0.2, 676.3)
    assert report.uses_dfe and report.attribution == ATTRIBUTION


def test_age_and_gender(report: Report) -> None:
    referrals = table(report, "age-referrals")
    # Born 01/01/2020 (6 at D): a boy of 5-9; born 01/03/2026: a girl under 1; age column 16.
    assert referrals["5-9"] == (1, 0, 0)
    assert referrals["Under 1"] == (0, 1, 0)
    assert referrals["16-17"] == (0, 1, 0)
    assert sum(sum(v) for v in referrals.values()) == 3
    # Born 30/09/2015: exactly 11 on D.
    assert table(report, "age-cin_open")["10-15"] == (1, 0, 0)
    cpp = table(report, "age-cpp_open")
    assert cpp["5-9"] == (0, 1, 0) and cpp["1-4"] == (1, 0, 0)
    assert table(report, "age-cla_open")["Not known"] == (0, 0, 2)


def test_ethnicity(report: Report) -> None:
    groups = table(report, "ethnicity")
    assert groups["White"][0] == 33.3
    assert groups["Black or Black British"][0] == 33.3
    assert groups["Not known or refused"][0] == 33.3
    assert groups["Mixed"][1] == 100.0


def test_sources(report: Report) -> None:
    # Prefixed and bare codes are one source; the contact before W is left out.
    assert table(report, "sources-contacts") == {"6: Police": (2,), "3A: Health services": (1,)}
    assert table(report, "sources-referrals") == {
        "3A: Health services": (1,),
        "6: Police": (1,),
        "Not recorded": (1,),
    }
    sources = next(s for s in report.sections if s.key == "sources")
    assert [b.indicator for b in sources.benchmarks] == ["referrals_nfa_pct"]
    assert sources.benchmarks[0].own == 33.3


def test_repeat_episodes(report: Report) -> None:
    assert table(report, "repeat") == {
        "Re-referrals within 12 months": (66.7,),
        "Section 47 enquiries with another in 12 months": (25.0,),
        "Second or subsequent child protection plans": (0.0,),
        "Second period of care within 12 months": (50.0,),
    }


def test_timeliness_bands(report: Report) -> None:
    assessments = table(report, "timeliness-assessments")
    assert list(assessments) == [
        "Same day",
        "1-10",
        "11-20",
        "21-30",
        "31-40",
        "41-45",
        "46-50",
        "51-60",
        "61+",
    ]
    assert {k: v[0] for k, v in assessments.items() if v[0]} == {
        "Same day": 1,
        "1-10": 1,
        "41-45": 1,
        "46-50": 1,
    }
    icpc = table(report, "timeliness-icpc")
    assert {k: v[0] for k, v in icpc.items() if v[0]} == {"Same day": 1, "11-15": 1, "16-20": 1}
    assert "2 of 3 (66.7%) within 15 working days" in report.chart("timeliness-icpc").summary  # type: ignore[union-attr]


def test_visits_placements_care_leavers_adoption(report: Report) -> None:
    visits = table(report, "visits")
    assert visits["Child protection plans: visited within 10 working days"] == (1, 2, 50.0)
    assert visits["Child in need plans: seen within 28 days"] == (1, 1, 100.0)
    assert table(report, "placements-type") == {
        "K2: Children's home": (1,),
        "U1: Foster placement with relative or friend": (1,),
    }
    assert table(report, "placements-moves") == {"0-1": (1,), "2": (0,), "3 or more": (1,)}
    leavers = table(report, "care-leavers")
    assert leavers["In touch"] == (3, 4, 75.0)
    assert leavers["In education, employment or training"] == (2, 4, 50.0)
    assert table(report, "care-leavers-activity")["Not in education, employment or training"] == (
        1,
    )
    assert table(report, "adoption-means") == {
        "Entering care to placed for adoption": (2, 409.5),
        "Placement order to match": (2, 97.5),
    }
    bands = table(report, "adoption-bands")
    assert bands["Up to 12 months (365 days)"] == (1,)
    assert bands["14 to 18 months (427-547 days)"] == (1,)


def test_no_child_reference_leaves_the_report(report: Report) -> None:
    text = repr(report)
    for ref in ("C1", "C5", "A1", "P1", "L1", "Y1", "D1", "N1", "S1"):
        assert f"'{ref}'" not in text


@pytest.mark.django_db
def test_an_authority_without_published_figures_gets_a_note(
    snapshot: AnnexASnapshot, settings: Any
) -> None:
    settings.ASSURE_LA_CODE = "999"
    settings.ASSURE_BENCHMARK_LA_CODE = None  # no stand-in: the code stays unknown
    report = snapshot_report(snapshot)
    assert report.benchmark_year is None and not report.uses_dfe
    assert "DfE code" in report.benchmark_note
