"""The trends, "what changed" and visual report pages: who may see them, and what they show."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from assure.insight.models import AnnexASnapshot
from assure.insight.services import snapshot_import
from tests.insight.annex_builders import write_csv_folder
from tests.reports.documents import fetch_document

pytestmark = pytest.mark.django_db

CSP_IMG = "img-src 'self' data:"


def referrals(n: int, as_of: date, team: str = "Team A") -> list[dict[str, object]]:
    day = as_of.replace(day=1).strftime("%d/%m/%Y")
    return [
        {
            "Child Unique ID": f"C{i}",
            "Date of referral": day,
            "Referral NFA?": "No",
            "Number of Referrals in Last 12 Months": "0",
            "Allocated Team": team,
        }
        for i in range(n)
    ]


@pytest.fixture
def months(var_dir: Path, tmp_path: Path) -> list[AnnexASnapshot]:
    """Twelve monthly snapshots: referrals steady at 10-11, then a jump to 40 in the last month."""
    counts = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 40]
    out = []
    for i, n in enumerate(counts):
        as_of = date(2025 + (i + 9) // 12, (i + 9) % 12 + 1, 28)
        folder = write_csv_folder(tmp_path / f"m{i}", {3: referrals(n, as_of)})
        result = snapshot_import(path=folder, as_of=as_of)
        assert result.snapshot is not None
        out.append(result.snapshot)
    return out


ROLES_200 = ["director", "elected_member", "practitioner", "analyst", "qa_manager"]
ROLES_403 = ["partner", "administrator", "nobody"]


@pytest.mark.parametrize("role", ROLES_200 + ROLES_403 + ["anonymous"])
def test_who_may_see_the_pages(client_for: Any, role: str, snapshot: AnnexASnapshot) -> None:
    client: Client = client_for(role)
    urls = [
        "/insight/report/",
        "/insight/report/trends/",
        "/insight/report/trends/referrals/",
        "/insight/report/trends/referrals/chart.svg",
        "/insight/report/changes/",
        f"/insight/report/snapshot/{snapshot.pk}/",
        f"/insight/report/snapshot/{snapshot.pk}/charts/volumes-counts.svg",
    ]
    for url in urls:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/sign-in/?next="), url
        elif role in ROLES_200:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code == 403, (url, role)


def test_trend_page_shows_the_chart_its_table_and_sentence(
    client_for: Any, months: list[AnnexASnapshot]
) -> None:
    client = client_for("director")
    page = client.get("/insight/report/trends/referrals/").content.decode()
    assert 'src="/insight/report/trends/referrals/chart.svg"' in page
    assert "12 months from October 2025 to September 2026" in page
    assert "<caption" in page and "Sep 2026" in page
    assert "above the upper limit" in page
    assert "style=" not in page  # the CSP forbids inline style
    svg = client.get("/insight/report/trends/referrals/chart.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    team = client.get("/insight/report/trends/referrals/?scope=team:Team A").content.decode()
    assert "Team: Team A" in team
    assert client.get("/insight/report/trends/no-such-indicator/").status_code == 404


def test_what_changed_lists_the_latest_signal(
    client_for: Any, months: list[AnnexASnapshot]
) -> None:
    page = client_for("elected_member").get("/insight/report/changes/").content.decode()
    assert "Referrals" in page
    assert "September 2026: above the upper limit" in page
    assert "govuk-tag--grey" in page  # referrals: neither higher nor lower is better
    overview = client_for("elected_member").get("/insight/report/trends/").content.decode()
    assert "Indicators: latest month, limits and signals" in overview


def test_report_page_and_downloads(
    client_for: Any, snapshot: AnnexASnapshot, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("director")
    page = client.get(f"/insight/report/snapshot/{snapshot.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="assure-chart"') >= 15
    assert html.count("<caption") >= 15
    assert "style=" not in html
    assert CSP_IMG in page.get("Content-Security-Policy", CSP_IMG)
    capture = django_capture_on_commit_callbacks
    pdf = fetch_document(client, capture, f"/insight/report/snapshot/{snapshot.pk}/report.pdf")
    assert pdf.content.startswith(b"%PDF")
    docx = fetch_document(client, capture, f"/insight/report/snapshot/{snapshot.pk}/report.docx")
    assert docx.content.startswith(b"PK")
    assert client.get(f"/insight/report/snapshot/{snapshot.pk}/charts/nope.svg").status_code == 404
    assert client.get("/insight/report/snapshot/999999/").status_code == 404
