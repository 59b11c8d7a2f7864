"""The reports toolkit: registered sections, small numbers, safe download names, exports."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import HttpResponse

from assure.reports.charts import bar_chart
from assure.reports.downloads import content_disposition, safe_filename
from assure.reports.exports import export, to_csv
from assure.reports.sections import Section, compose, report_section, sections_of
from assure.reports.suppression import FEWER_THAN, suppress_small


def test_a_report_is_composed_from_its_registered_sections_in_order() -> None:
    @report_section(report="test-report", key="second", title="Second", order=20)
    def second(context: dict[str, int]) -> Section:
        return Section(intro=f"Two: {context['n'] * 2}.")

    @report_section(report="test-report", key="first", title="First", order=10)
    def first(context: dict[str, int]) -> Section:
        chart = bar_chart("c", "A chart", "One bar.", ["a"], [context["n"]])
        return Section(intro="One.", charts=(chart,))

    sections = compose("test-report", {"n": 3})
    assert [(s.key, s.title) for s in sections] == [("first", "First"), ("second", "Second")]
    assert sections[0].charts[0].rows == (("a", 3),) and sections[1].intro == "Two: 6."
    assert sections[1].is_empty and not sections[0].is_empty
    assert [s.key for s in sections_of("test-report")] == ["first", "second"]
    assert compose("no-such-report", {}) == ()


def test_the_annex_a_report_registers_ten_sections() -> None:
    from assure.insight.report import REPORT

    assert [s.key for s in sections_of(REPORT)] == [
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


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((0, None, 0), (0, None, 0, False)),  # zero identifies nobody
        ((1, None, 1), (None, None, None, True)),
        ((4, None, 4), (None, None, None, True)),
        ((5, None, 5), (5, None, 5, False)),
        ((3, 40, 7.5), (None, 40, None, True)),  # a small numerator: the rate withheld
        ((2, 4, 50.0), (None, None, None, True)),  # a small denominator hides both
        ((0, 3, 0.0), (None, None, None, True)),
        ((12, 40, 30.0), (12, 40, 30.0, False)),
        ((None, None, None), (None, None, None, False)),
    ],
)
def test_suppress_small(
    parts: tuple[int | None, int | None, float | None],
    expected: tuple[int | None, int | None, float | None, bool],
) -> None:
    shown = suppress_small(*parts)
    assert (shown.numerator, shown.denominator, shown.value, shown.suppressed) == expected
    assert shown.text == (FEWER_THAN if expected[3] else "")


@pytest.mark.parametrize(
    "name",
    [
        'District "A"\r\nSet-Cookie: x=1.docx',
        "../../etc/passwd",
        "Team\\..\\A;B:C*?<>|.csv",
        "Ashford\u2013Weald Ça.pdf",
        "\n\n",
    ],
)
def test_download_names_are_safe(name: str) -> None:
    header = content_disposition(name)
    # Django refuses a header with a newline; quotes and separators stay out of the name.
    HttpResponse()["Content-Disposition"] = header
    plain = header.split('filename="', 1)[1].split('"', 1)[0]
    assert plain and plain.isascii()
    for bad in ("/", "\\", '"', "'", "\n", "\r", ";", ":"):
        assert bad not in plain
    assert ".." not in safe_filename(name).split("/")
    if not name.isascii():
        assert "filename*=UTF-8''" in header and "%E2%80%93" in header


def test_exports_neutralise_formula_cells_but_keep_numbers() -> None:
    rows = [{"name": "=1+1", "n": -5}, {"name": "@SUM(A1)", "n": 3}]
    body = to_csv(rows, ("name", "n")).decode("utf-8-sig")
    read = list(csv.DictReader(io.StringIO(body)))
    assert [r["name"] for r in read] == ["'=1+1", "'@SUM(A1)"] and read[0]["n"] == "-5"
    with pytest.raises(ValueError, match="Unknown format"):
        export(rows, ("name", "n"), "odt", title="t", types={})


@pytest.mark.django_db
def test_a_district_pack_download_is_named_safely(
    world: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tests.reports.documents import fetch_document

    world.district_a.name = 'Dover "&" Deal/..\\Thanet\r\nX-Evil: 1 \u2013 Ça'
    world.district_a.save()
    client = client_for("service_manager")
    response = fetch_document(
        client,
        django_capture_on_commit_callbacks,
        "/chairs/pack/",
        {"district": world.district_a.pk, "quarter": "2026-Q4", "format": "docx"},
    )
    header = response["Content-Disposition"]
    plain = header.split('filename="', 1)[1].split('"', 1)[0]
    assert plain.startswith("accountability-pack-dover") and plain.endswith("-2026-Q4.docx")
    for bad in ("/", "\\", '"', "\r", "\n", ":"):
        assert bad not in plain
    assert "filename*=UTF-8''" in header and "\r" not in header and "\n" not in header
