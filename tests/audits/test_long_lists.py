"""The audits list and a sample's cases sort by column, filter by team and page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assure.audits.models import Audit, Sample
from tests.conftest import World


def refs(html: str) -> list[str]:
    return re.findall(r">(REF-[A-Z_]+)</", html)


@pytest.mark.django_db
def test_the_audits_list_sorts_by_column_and_filters_by_team(
    world: World, allocated: Audit, client_for: Any
) -> None:
    client = client_for("qa_pdm")
    by_case = client.get("/audits/", {"sort": "case"}).content.decode()
    table = by_case[by_case.index("<table") :]
    assert refs(table) == sorted(refs(table)) and len(refs(table)) >= 3
    assert 'aria-sort="ascending"' in table
    backwards = client.get("/audits/", {"sort": "-case"}).content.decode()
    table = backwards[backwards.index("<table") :]
    assert refs(table) == sorted(refs(table), reverse=True)
    team_a = client.get("/audits/", {"team": world.team_a.pk}).content.decode()
    table = team_a[team_a.index("<table") :]
    assert refs(table) and set(refs(table)) <= {"REF-OWN", "REF-TEAM"}
    for stray in ({"sort": "responses"}, {"page": "abc"}, {"page": "0"}, {"team": "x"}):
        assert client.get("/audits/", stray).status_code == 200


@pytest.mark.django_db
def test_a_samples_cases_come_a_page_at_a_time_sorted_and_filtered(
    world: World, allocated: Audit, client_for: Any
) -> None:
    sample = Sample.objects.get()
    client = client_for("qa_pdm")
    url = f"/audits/samples/{sample.pk}/"
    page = client.get(url, {"sort": "-case"}).content.decode()
    table = page[page.index("<table") :]
    assert refs(table) == sorted(refs(table), reverse=True) and refs(table)
    assert 'aria-sort="descending"' in table
    only_b = client.get(url, {"team": world.team_b.pk}).content.decode()
    assert set(refs(only_b[only_b.index("<table") :])) == {"REF-OTHER_AREA"}
    for stray in ({"sort": "seed"}, {"page": "last"}, {"page": "99"}, {"team": "zz"}):
        assert client.get(url, stray).status_code == 200
