"""A chart's image is served from its stored drawing to the reader the page granted it to."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches

from assure.reports.chart_store import grant, granted_svg
from tests.conftest import World


def test_a_note_works_only_for_its_reader_and_only_while_drawn(world: World) -> None:
    caches["charts"].set("svg:abc", b"<svg>drawn</svg>")
    note = grant(7, "abc")
    assert granted_svg(7, note) == "<svg>drawn</svg>"
    assert granted_svg(8, note) is None  # another reader
    assert granted_svg(7, note.replace("abc", "abd")) is None  # tampered
    assert granted_svg(7, grant(7, "never-drawn")) is None  # build it instead
    assert granted_svg(None, note) is None


def test_the_dashboard_images_come_from_the_store(
    world: World, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    qa = client_for("qa_pdm")
    page = qa.get("/chairs/dashboard/").content.decode()
    sources = [
        s.split('"')[0].replace("&amp;", "&") for s in page.split('class="assure-chart" src="')[1:]
    ]
    assert sources and all("&g=" in s for s in sources)
    first = qa.get(sources[0])  # drawn now, from the figures
    assert first.status_code == 200 and first["Content-Type"].startswith("image/svg")
    with django_assert_max_num_queries(4):  # the session and the reader, no figures
        again = qa.get(sources[0])  # the stored drawing, granted
    assert again.content == first.content
    # Someone else with the note gets nothing from it: their own figures are counted.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:
        other = client_for("elected_member").get(sources[0])
    assert other.status_code == 200
    assert len(counted.captured_queries) > 4, "the member's image came from qa_pdm's note"
