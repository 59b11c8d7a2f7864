"""Indicator pages for each role: figures for all, child references only within scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.insight.benchmarks import BENCHMARK_INDICATORS
from assure.insight.indicators import part_a
from assure.insight.models import IndicatorValue
from tests.insight.web.insight_web_helpers import FORMULA_TEAM

pytestmark = pytest.mark.django_db


def children_url(world: Any, team: str = "team_a", indicator: str = "referrals") -> str:
    return reverse(
        "insight:indicator-children",
        kwargs={"indicator_id": indicator, "team_id": getattr(world, team).pk},
    )


def test_figures_are_stored_once_per_snapshot(snapshot: Any) -> None:
    run = snapshot.indicator_run
    la = IndicatorValue.objects.get(run=run, indicator="referrals", level="la")
    assert (la.unit, la.numerator, la.value) == ("999", 5, 5)
    teams = set(
        IndicatorValue.objects.filter(run=run, indicator="referrals", level="team").values_list(
            "unit", flat=True
        )
    )
    assert teams == {"A Family Support", "b FAMILY support", "Old Name Team", FORMULA_TEAM}
    # Levels above team follow the authority's structure, case and spacing aside.
    areas = dict(
        IndicatorValue.objects.filter(run=run, indicator="referrals", level="area").values_list(
            "unit", "numerator"
        )
    )
    assert areas == {"North": 2, "South": 1}
    services = dict(
        IndicatorValue.objects.filter(run=run, indicator="referrals", level="service").values_list(
            "unit", "numerator"
        )
    )
    assert services == {"Children's social work": 3}


def test_elected_member_sees_figures_but_never_a_child(
    snapshot: Any, client_for: Any, world: Any
) -> None:
    member = client_for("elected_member")
    home = member.get(reverse("insight:home"))
    assert home.status_code == 200
    assert "Referrals" in home.content.decode()
    page = member.get(reverse("insight:indicator", args=["referrals"])).content.decode()
    assert "A Family Support" in page and "By district" in page and "By area" in page
    assert "See the children" not in page
    assert "REF-OWN" not in page
    assert member.get(children_url(world)).status_code == 403


def test_practitioner_sees_own_rows_in_own_team_only(
    snapshot: Any, client_for: Any, world: Any
) -> None:
    client = client_for("practitioner")
    page = client.get(reverse("insight:indicator", args=["referrals"])).content.decode()
    assert page.count("See the children") == 1
    assert children_url(world) in page
    response = client.get(children_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "REF-OWN" in body and "REF-TEAM" not in body
    assert client.get(children_url(world, "team_b")).status_code == 404
    event = AuditEvent.objects.filter(actor=world.user("practitioner"), action="view").latest("at")
    assert "referrals" in event.summary and world.team_a.name in event.summary


def test_team_manager_sees_the_whole_team(snapshot: Any, client_for: Any, world: Any) -> None:
    client = client_for("team_manager")
    body = client.get(children_url(world)).content.decode()
    assert "REF-OWN" in body and "REF-TEAM" in body and "REF-OTHER_AREA" not in body
    assert client.get(children_url(world, "team_b")).status_code == 404
    assert AuditEvent.objects.filter(actor=world.user("team_manager"), action="view").exists()


def test_percentage_rows_show_which_count(snapshot: Any, client_for: Any, world: Any) -> None:
    body = (
        client_for("director")
        .get(children_url(world, indicator="referrals_nfa_pct"))
        .content.decode()
    )
    assert "Counted in the percentage" in body
    assert "REF-OWN" in body and "REF-TEAM" in body


def test_director_reaches_every_matched_team(snapshot: Any, client_for: Any, world: Any) -> None:
    page = client_for("director").get(reverse("insight:indicator", args=["referrals"]))
    assert page.content.decode().count("See the children") == 2  # the two matched teams
    body = client_for("director").get(children_url(world, "team_b")).content.decode()
    assert "REF-OTHER_AREA" in body


def test_unknown_indicator_is_404(snapshot: Any, client_for: Any) -> None:
    assert client_for("director").get("/insight/indicators/nope/").status_code == 404


def test_indicator_without_team_level_has_no_drilldown(
    snapshot: Any, client_for: Any, world: Any
) -> None:
    assert client_for("director").get(children_url(world, indicator="contacts")).status_code == 404


def test_pages_without_any_import(world: Any, var_dir: Any, client_for: Any) -> None:
    client = client_for("qa_pdm")
    assert "No Annex A has been imported" in client.get(reverse("insight:home")).content.decode()
    assert client.get(reverse("insight:indicator", args=["referrals"])).status_code == 200
    assert client.get(children_url(world)).status_code == 200


def test_glossary_lists_part_a_and_part_b(client_for: Any) -> None:
    body = client_for("elected_member").get(reverse("insight:glossary")).content.decode()
    for ind in part_a():
        assert f'id="{ind.id}"' in body
    for ind in BENCHMARK_INDICATORS:
        assert f'id="b-{ind.id}"' in body
    assert "Open Government Licence" in body


def test_benchmarks_page(snapshot: Any, client_for: Any, settings: Any) -> None:
    settings.ASSURE_BENCHMARK_LA_CODE = None  # Kent stands in for nobody here
    response = client_for("elected_member").get(
        reverse("insight:benchmarks"), {"la": "886", "year": "2025"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "676.3" in body and "519.4" in body
    assert "Open Government Licence" in body
    assert 'id="series-referrals_per_10k"' in body
    assert "Our latest Annex A" not in body  # Kent is not this authority


def test_benchmarks_page_shows_own_annex_a_beside_published(
    snapshot: Any, client_for: Any, settings: Any
) -> None:
    settings.ASSURE_LA_CODE = "886"
    from assure.insight.models import IndicatorRun

    IndicatorValue.objects.filter(
        run=IndicatorRun.objects.get(), indicator="rereferrals_pct", level="la"
    ).update(unit="886")
    body = client_for("director").get(reverse("insight:benchmarks")).content.decode()
    assert "Our latest Annex A" in body


def test_benchmarks_page_bad_choice_shows_error(client_for: Any) -> None:
    response = client_for("elected_member").get(
        reverse("insight:benchmarks"), {"la": "nowhere", "year": "1900"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_home_panel_for_importers_and_seniors(snapshot: Any, client_for: Any) -> None:
    for role in ("qa_pdm", "analyst", "director"):
        body = client_for(role).get("/").content.decode()
        assert "Performance data" in body and "30 September 2026" in body, role
    assert "Performance data" not in client_for("practitioner").get("/").content.decode()
