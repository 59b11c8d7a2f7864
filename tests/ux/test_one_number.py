"""One number for one thing: each count of children says which source and date it is."""

from __future__ import annotations

import html
from typing import Any

import pytest

from assure.core import clock

pytestmark = pytest.mark.django_db


def test_the_home_and_authority_counts_say_they_are_assures_open_cases_today(
    client_for: Any,
) -> None:
    director = client_for("director")
    home = html.unescape(director.get("/").content.decode())
    today = clock.today()
    assert f"open cases in Assure's case records today, {today.day} {today:%B %Y}" in home
    assert "Children counted in the latest Annex A extract, at its date" in home
    page = html.unescape(director.get("/authority/").content.decode())
    assert (
        "in Assure's case records today" in page
        and "count the children in the latest extract" in page
    )
