"""Long lists sort by column with links, filter, page, and find alerts by case reference.

Everything works without JavaScript (plain links and a GET form), the sorted column says
so with aria-sort, and an address edited by hand (?sort=anything, ?page=abc) still shows
the list in its usual order rather than failing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import RequestFactory

from assure.core.listing import Column, Sorting, query_without_page
from assure.reviews import services
from tests.conftest import World
from tests.reviews.test_escalation import raise_alerts


def refs_in_order(html: str) -> list[str]:
    return re.findall(r'<td class="govuk-table__cell">(REF-[A-Z_]+)</td>', html)


def test_only_declared_columns_sort_and_anything_else_falls_back_to_the_default() -> None:
    sorting = Sorting(
        columns=(
            Column("date", "Date", ("date",), first_descending=True),
            Column("case", "Case", ("case__child__reference",)),
            Column("why", "Why"),
        ),
        default="-date",
    )
    factory = RequestFactory()
    assert sorting.choose(factory.get("/")).order_by == ("-date", "-id")
    assert sorting.choose(factory.get("/?sort=case")).order_by == (
        "case__child__reference",
        "-id",
    )
    assert sorting.choose(factory.get("/?sort=-case")).order_by[0] == "-case__child__reference"
    for stray in ("password", "-why", "why", "--date", "case__child__reference", ""):
        assert sorting.choose(factory.get("/", {"sort": stray})).order_by == ("-date", "-id")
    chosen = sorting.choose(factory.get("/?sort=case&team=3&page=4"))
    by_label = {h.label: h for h in chosen.headers}
    # The sorted column says so and its link turns the order round; the page is dropped,
    # the filters kept; a column that cannot be sorted has no link.
    assert by_label["Case"].aria_sort == "ascending"
    assert by_label["Case"].href == "?sort=-case&team=3"
    assert by_label["Date"].aria_sort == "" and by_label["Date"].href == "?sort=-date&team=3"
    assert by_label["Why"].href == ""
    assert query_without_page(factory.get("/?page=2&q=x")) == "q=x&"
    assert query_without_page(factory.get("/?page=2")) == ""


@pytest.fixture
def alerts(world: World) -> list[Any]:
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    return raise_alerts(world, 4)  # cases REF-OTHER_AREA and REF-OWN, alternately


@pytest.mark.django_db
def test_alerts_are_found_by_case_reference_only_among_those_one_may_see(
    world: World, alerts: list[Any], client_for: Any
) -> None:
    qa = client_for("qa_pdm").get("/chairs/alerts/", {"q": "other_area"})
    assert qa.status_code == 200
    assert set(refs_in_order(qa.content.decode())) == {"REF-OTHER_AREA"}
    assert "2 open alerts for case references containing" in qa.content.decode()
    # The team manager of team A reaches only team A's alerts: the other area's child's
    # alerts are not found, and not even counted.
    manager = client_for("team_manager").get("/chairs/alerts/", {"q": "REF-OTHER"})
    assert manager.status_code == 200
    assert refs_in_order(manager.content.decode()) == []
    assert "0 open alerts" in manager.content.decode()
    mine = client_for("team_manager").get("/chairs/alerts/", {"q": "ref-own"})
    assert set(refs_in_order(mine.content.decode())) == {"REF-OWN"}


@pytest.mark.django_db
def test_alerts_sort_by_column_filter_by_team_and_status(
    world: World, alerts: list[Any], client_for: Any
) -> None:
    client = client_for("qa_pdm")
    page = client.get("/chairs/alerts/", {"sort": "case"}).content.decode()
    assert refs_in_order(page) == ["REF-OTHER_AREA"] * 2 + ["REF-OWN"] * 2
    assert re.search(r'aria-sort="ascending"><a [^>]*href="\?sort=-case"', page)
    backwards = client.get("/chairs/alerts/", {"sort": "-case"}).content.decode()
    assert refs_in_order(backwards) == ["REF-OWN"] * 2 + ["REF-OTHER_AREA"] * 2
    assert 'aria-sort="descending"' in backwards
    team_b = client.get("/chairs/alerts/", {"team": world.team_b.pk}).content.decode()
    assert set(refs_in_order(team_b)) == {"REF-OTHER_AREA"}
    services.alert_resolve(actor=world.user("cp_chair"), alert_id=alerts[0].pk, text="Done")
    resolved = client.get("/chairs/alerts/", {"status": "resolved"}).content.decode()
    assert len(refs_in_order(resolved)) == 1
    both = client.get("/chairs/alerts/", {"status": "all"}).content.decode()
    assert len(refs_in_order(both)) == 4
    # Newest first unless asked otherwise: the default order is by when they were raised.
    default = client.get("/chairs/alerts/").content.decode()
    assert 'aria-sort="descending"><a class="govuk-link assure-sort-link" href="?sort=raised"' in (
        default
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"sort": "concern"},
        {"sort": "meeting__case__child__reference"},
        {"sort": "-password"},
        {"page": "abc"},
        {"page": "999999"},
        {"page": "-1"},
        {"status": "nonsense"},
        {"team": "not-a-number"},
        {"team": "99999999999999999999"},
        {"q": "x" * 500},
    ],
)
def test_an_alert_list_address_edited_by_hand_still_shows_the_list(
    world: World, alerts: list[Any], client_for: Any, query: dict[str, str]
) -> None:
    page = client_for("qa_pdm").get("/chairs/alerts/", query)
    assert page.status_code == 200
    if "q" not in query and "team" not in query:
        assert len(refs_in_order(page.content.decode())) == 4


@pytest.mark.django_db
def test_meetings_list_newest_first_and_sorts_and_filters(world: World, client_for: Any) -> None:
    chair = world.user("cp_chair")
    for day, case in [(2, "own"), (9, "other_area"), (5, "team")]:
        services.meeting_create(
            actor=chair,
            kind="cp_conference",
            date=date(2026, 11, day),
            case=world.cases[case],
            chair=chair,
        )
    client = client_for("qa_pdm")
    newest = client.get("/chairs/").content.decode()
    assert refs_in_order(newest) == ["REF-OTHER_AREA", "REF-TEAM", "REF-OWN"]
    oldest = client.get("/chairs/", {"sort": "date"}).content.decode()
    assert refs_in_order(oldest) == ["REF-OWN", "REF-TEAM", "REF-OTHER_AREA"]
    assert client.get("/chairs/", {"kind": "cic_review"}).content.decode().count("REF-") == 0
    awaiting = client.get("/chairs/", {"qa": "awaiting"}).content.decode()
    assert len(refs_in_order(awaiting)) == 3
    for stray in ({"sort": "x"}, {"page": "zz"}, {"qa": "x"}, {"kind": "x"}):
        assert client.get("/chairs/", stray).status_code == 200
