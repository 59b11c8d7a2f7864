"""Benchmarks open on the authority's own figures, and an unknown code is a plain sentence.

The demonstration county (999) is in no DfE file, so the demo and test
settings benchmark it as Kent (886) and the page says so; a real authority
opens on its own code; an authority whose code the DfE files do not know is
told so in a sentence, never shown City of London's figures or an error text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from assure.insight.report import snapshot_report
from assure.insight.services import snapshot_import
from tests.insight.report.report_fixtures import D, write_annex

ENGINE_TEXT = "Unknown local authority code"


def page(client_for: Any, role: str = "director", **query: str) -> str:
    response = client_for(role).get(reverse("insight:benchmarks"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_demo_opens_on_its_stand_in_and_says_so(world: Any, client_for: Any) -> None:
    body = page(client_for)
    assert "Kent (886)" in body
    assert "The demonstration county is benchmarked as Kent (DfE code 886)" in body
    assert "City of London (201), " not in body  # the heading of a shown comparison


def test_a_real_authority_opens_on_its_own_code(world: Any, client_for: Any, settings: Any) -> None:
    settings.ASSURE_LA_CODE = "886"
    body = page(client_for)
    assert "Kent (886)" in body
    assert "demonstration county" not in body  # its own figures, nothing stands in


def test_another_authority_chosen_is_not_called_the_demo(world: Any, client_for: Any) -> None:
    body = page(client_for, la="201", year="2025")
    assert "demonstration county" not in body


def test_an_unknown_code_is_a_sentence_not_city_of_london(
    world: Any, client_for: Any, settings: Any
) -> None:
    settings.ASSURE_BENCHMARK_LA_CODE = None
    body = page(client_for)
    assert "The authority&#x27;s DfE code (999) is not in the published DfE figures" in body
    assert ENGINE_TEXT not in body
    assert "govuk-error-summary" not in body
    assert "City of London (201), " not in body  # no other council's figures opened on
    assert "Part B indicators" not in body


def test_the_export_without_a_choice_asks_for_one(
    world: Any, client_for: Any, settings: Any
) -> None:
    settings.ASSURE_BENCHMARK_LA_CODE = None
    response = client_for("director").get(reverse("insight:export-benchmarks"))
    assert response.status_code == 400
    assert ENGINE_TEXT not in response.content.decode()


@pytest.fixture
def report_snapshot(db: Any, settings: Any, tmp_path: Path) -> Any:
    settings.VAR_DIR = tmp_path / "var"
    cache.clear()
    result = snapshot_import(path=write_annex(tmp_path / "annex"), as_of=D)
    assert result.snapshot is not None, result.message
    return result.snapshot


def test_the_demo_report_compares_with_its_stand_in(report_snapshot: Any) -> None:
    report = snapshot_report(report_snapshot)
    assert report.benchmark_year is not None and report.uses_dfe
    assert ENGINE_TEXT not in report.benchmark_note


def test_the_report_says_an_unknown_code_plainly(report_snapshot: Any, settings: Any) -> None:
    settings.ASSURE_BENCHMARK_LA_CODE = None
    report = snapshot_report(report_snapshot)
    assert report.benchmark_year is None
    assert ENGINE_TEXT not in report.benchmark_note
    assert "DfE code (999) is in none of the DfE files" in report.benchmark_note
