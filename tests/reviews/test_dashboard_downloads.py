"""The chairs' dashboard as CSV and Excel: the tables as the reader sees them, small numbers
withheld for readers of aggregates only, formulas neutralised, and the download trailed."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from assure.core.models import AuditEvent
from assure.org.models import User
from assure.reviews.suppression import FEWER_THAN_5, WITHHELD
from tests.conftest import World
from tests.reviews.test_dashboard import handmade  # noqa: F401  (the fixture)

PAGE = "/chairs/dashboard/"


def _csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_staff_download_the_exact_figures_and_the_download_is_trailed(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
) -> None:
    client = client_for("qa_pdm")
    page = client.get(PAGE, {"quarter": "2026-Q4"}).content.decode()
    assert "format=csv&amp;table=headline" in page and "format=xlsx" in page
    rows = _csv(client.get(PAGE, {"quarter": "2026-Q4", "format": "csv", "table": "headline"}))
    assert rows[0] == ["Measure", "Figure"]
    figures = dict(rows[1:])
    assert figures["Conferences and reviews held"] == "6"
    assert figures["Graded good or better"] == "60%"
    trends = _csv(client.get(PAGE, {"quarter": "2026-Q4", "format": "csv", "table": "trends"}))
    assert trends[0][0] == "Quarter" and len(trends) > 1
    book = load_workbook(
        io.BytesIO(client.get(PAGE, {"quarter": "2026-Q4", "format": "xlsx"}).content)
    )
    assert len(book.sheetnames) == 3  # headline, trends and the patterns by chair
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.EXPORT, object_type="reviews.dashboard"
        ).count()
        == 3
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["elected_member", "analyst"])
def test_readers_of_aggregates_download_no_count_from_one_to_four(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
    role: str,
) -> None:
    client = client_for(role)
    rows = _csv(client.get(PAGE, {"quarter": "2026-Q4", "format": "csv", "table": "headline"}))
    text = "\n".join(",".join(r) for r in rows)
    assert FEWER_THAN_5 in text and WITHHELD in text and "60%" not in text
    book = load_workbook(
        io.BytesIO(client.get(PAGE, {"quarter": "2026-Q4", "format": "xlsx"}).content)
    )
    # No patterns by chair for them, on the page or in the workbook.
    assert len(book.sheetnames) == 2
    assert client.get(PAGE, {"format": "csv", "table": "chairs"}).status_code == 404


@pytest.mark.django_db
def test_a_formula_in_a_name_is_shown_never_run(
    world: World,
    handmade: Any,  # noqa: F811
    client_for: Any,
) -> None:
    User.objects.filter(pk=world.user("cp_chair").pk).update(first_name="=HYPERLINK(1)")
    client = client_for("qa_pdm")
    rows = _csv(client.get(PAGE, {"quarter": "2026-Q4", "format": "csv", "table": "chairs"}))
    assert any(r[0].startswith("'=HYPERLINK") for r in rows[1:])
    assert client.get(PAGE, {"format": "pdf"}).status_code == 404
