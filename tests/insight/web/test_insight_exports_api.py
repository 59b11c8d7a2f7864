"""Exports (formulas neutralised, numbers kept), the API, and pinned query counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.insight import exports
from assure.insight.indicators import COLUMNS
from assure.insight.models import AnnexASnapshot, IndicatorRun, IndicatorValue
from tests.insight.web.insight_web_helpers import FORMULA_TEAM

pytestmark = pytest.mark.django_db

ROW = {
    "indicator": "referrals",
    "level": "team",
    "unit": '=HYPERLINK("http://example.org","x")',
    "as_of": "2026-09-30",
    "window_start": "2026-04-01",
    "window_end": "2026-09-30",
    "numerator": -5,
    "denominator": None,
    "value": -5,
}


def test_csv_neutralises_formulas_but_keeps_numbers() -> None:
    content = exports.export_indicators([ROW, {**ROW, "unit": "+1", "value": -2.5}], "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS)
    assert rows[1][2] == '\'=HYPERLINK("http://example.org","x")'
    assert rows[1][6] == "-5" and rows[1][8] == "-5" and rows[1][7] == ""
    assert rows[2][2] == "'+1" and rows[2][8] == "-2.5"


def test_excel_neutralises_formulas_but_keeps_numbers() -> None:
    content = exports.export_indicators([ROW, {**ROW, "unit": "@cmd", "value": -5.5}], "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == list(COLUMNS)
    assert cells[1][2] == '\'=HYPERLINK("http://example.org","x")'
    assert cells[1][8] == -5 and isinstance(cells[1][8], int)
    assert cells[2][2] == "'@cmd" and cells[2][8] == -5.5
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_parquet_is_typed() -> None:
    table = pq.read_table(io.BytesIO(exports.export_indicators([ROW], "parquet")))
    assert table.column_names == list(COLUMNS)
    assert table.column("value").to_pylist() == [-5.0]
    assert table.column("as_of").to_pylist() == [date(2026, 9, 30)]
    assert table.column("unit").to_pylist() == [ROW["unit"]]  # data, not a spreadsheet


def test_indicator_export_through_the_page(snapshot: Any, client_for: Any) -> None:
    client = client_for("elected_member")
    response = client.get(reverse("insight:export-indicators"), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="indicators-2026-09-30.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    levels = {r["level"] for r in rows}
    assert {"la", "team", "district", "area", "service"} <= levels
    units = {r["unit"] for r in rows}
    assert "'" + FORMULA_TEAM in units and FORMULA_TEAM not in units
    referrals = next(r for r in rows if r["indicator"] == "referrals" and r["level"] == "la")
    assert referrals["value"] == "5" and referrals["denominator"] == ""
    for fmt in ("xlsx", "parquet"):
        assert client.get(reverse("insight:export-indicators"), {"format": fmt}).status_code == 200
    assert client.get(reverse("insight:export-indicators"), {"format": "exe"}).status_code == 400


def test_benchmark_export(client_for: Any) -> None:
    client = client_for("analyst")
    response = client.get(
        reverse("insight:export-benchmarks"), {"la": "886", "year": "2025", "format": "csv"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0]) == list(exports.BENCHMARK_COLUMNS)
    kent = next(r for r in rows if r["indicator"] == "referrals_per_10k")
    assert kent["value"] == "676.3" and kent["england"] == "519.4"
    every_year = client.get(
        reverse("insight:export-benchmarks"), {"la": "886", "format": "parquet"}
    )
    table = pq.read_table(io.BytesIO(every_year.content))
    assert table.column_names == list(exports.BENCHMARK_COLUMNS)
    assert 2013 in table.column("year").to_pylist()
    bad = client.get(reverse("insight:export-benchmarks"), {"la": "nowhere"})
    assert bad.status_code == 400


# ------------------------------------------------------------------ API


def test_api_indicators(snapshot: Any, client_for: Any) -> None:
    # A reader who sees children (an elected member would see team counts of 1 to 4
    # withheld: test_insight_security).
    client = client_for("director")
    rows = client.get("/api/v1/indicators").json()
    assert rows and set(rows[0]) == {*COLUMNS, "suppressed"}
    filtered = client.get(
        "/api/v1/indicators",
        {"indicator": "referrals", "level": "team", "unit": "A Family Support"},
    ).json()
    assert filtered == [
        {
            "indicator": "referrals",
            "level": "team",
            "unit": "A Family Support",
            "as_of": "2026-09-30",
            "window_start": "2026-04-01",
            "window_end": "2026-09-30",
            "numerator": 2,
            "denominator": None,
            "value": 2,
            "suppressed": False,
        }
    ]
    pct = client.get("/api/v1/indicators", {"indicator": "referrals_nfa_pct", "level": "la"}).json()
    assert pct[0]["value"] == 20.0 and pct[0]["denominator"] == 5
    bad = client.get("/api/v1/indicators", {"indicator": "nope"})
    assert bad.status_code == 400 and "indicator" in bad.json()["detail"]


def test_api_indicators_refuses_without_aggregates(snapshot: Any, client_for: Any) -> None:
    for role in ("partner", "administrator", "nobody"):
        response = client_for(role).get("/api/v1/indicators")
        assert response.status_code == 403, role
        assert "detail" in response.json()
    assert client_for("anonymous").get("/api/v1/indicators").status_code == 401


def test_api_indicators_before_any_import(world: Any, client_for: Any) -> None:
    assert client_for("director").get("/api/v1/indicators").json() == []


def test_api_benchmarks(world: Any, client_for: Any) -> None:
    client = client_for("analyst")
    body = client.get("/api/v1/benchmarks", {"la": "886", "year": "2025"}).json()
    assert body["la"] == "886" and body["year"] == 2025
    assert body["indicators"]["referrals_per_10k"]["value"] == 676.3
    assert body["indicators"]["referrals_per_10k"]["england"] == 519.4
    assert set(body["indicators"]["referrals_per_10k"]) == {
        "value",
        "england",
        "region",
        "sn_median",
        "rank",
        "n",
        "quartile",
    }
    unknown_la = client.get("/api/v1/benchmarks", {"la": "000", "year": "2025"})
    assert unknown_la.status_code == 400 and "la" in unknown_la.json()["detail"]
    unknown_year = client.get("/api/v1/benchmarks", {"la": "886", "year": "1999"})
    assert unknown_year.status_code == 400 and "year" in unknown_year.json()["detail"]
    not_a_year = client.get("/api/v1/benchmarks", {"la": "886", "year": "soon"})
    assert not_a_year.status_code == 400 and "year" in str(not_a_year.json()["detail"])
    assert (
        client_for("partner").get("/api/v1/benchmarks", {"la": "886", "year": "2025"}).status_code
        == 403
    )


# ------------------------------------------------------------------ query counts


def add_monthly_snapshots(snapshot: AnnexASnapshot, months: int) -> None:
    """Older snapshots with stored figures, as five years of monthly imports would leave."""
    run = snapshot.indicator_run
    values = list(IndicatorValue.objects.filter(run=run))
    for i in range(1, months + 1):
        older = AnnexASnapshot.objects.create(
            as_of=snapshot.as_of - timedelta(days=30 * i),
            source_filename=f"older-{i}.xlsx",
            storage_path=snapshot.storage_path,
        )
        older_run = IndicatorRun.objects.create(
            snapshot=older,
            la_code=run.la_code,
            population=run.population,
            window_start=run.window_start,
            window_end=run.window_end,
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    run=older_run,
                    indicator=v.indicator,
                    level=v.level,
                    unit=v.unit,
                    numerator=v.numerator,
                    denominator=v.denominator,
                    value=v.value,
                )
                for v in values
            ]
        )


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# (role, url) -> pinned queries: session, user, roles, (teams), snapshot, figures, matching.
PINNED = {
    ("elected_member", "/insight/"): 5,
    ("director", "/insight/indicators/referrals/"): 7,
    ("team_manager", "/insight/indicators/referrals/"): 8,
    ("elected_member", "/insight/benchmarks/?la=886&year=2025"): 5,
    ("director", "/insight/benchmarks/"): 5,
}


@pytest.mark.parametrize(("role", "url"), list(PINNED))
def test_query_counts_are_pinned_and_flat(
    snapshot: Any, client_for: Any, settings: Any, role: str, url: str
) -> None:
    settings.ASSURE_LA_CODE = "886"  # so the benchmark page reads the own Annex A too
    client = client_for(role)
    client.get(url)
    one = count(client, url)
    add_monthly_snapshots(snapshot, 60)
    sixty = count(client, url)
    assert one == sixty, "the query count grows with the number of snapshots"
    assert one == PINNED[(role, url)]
