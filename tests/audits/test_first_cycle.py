"""The guided first cycle: from an empty calendar to allocated audits in one sitting."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from assure.audits.models import Audit, Cycle, Sample
from assure.authority.models import AuthoritySettings
from tests.conftest import World


@pytest.fixture
def qa(world: World) -> Client:
    for team in (world.team_a, world.team_b, world.team_eh):
        team.manager = world.user("team_manager")
        team.save()
    AuthoritySettings.objects.create(
        name="Kent County Council",
        la_code="886",
        first_cycle_year=2026,
        first_cycle_number=3,
        first_cycle_starts_on=date(2026, 9, 1),
    )
    browser = Client()
    browser.force_login(world.user("qa_pdm"))
    return browser


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_qa_unit_follows_the_guided_path_to_allocated_audits(qa: Client) -> None:
    home = text(qa.get("/"))
    assert "Start your first audit cycle" in home and "/audits/first-cycle/" in home
    assert "Start your first audit cycle" in text(qa.get("/audits/cycles/"))

    start = text(qa.get("/audits/first-cycle/"))
    assert "To do next" in start and "Cannot start yet" in start
    assert 'href="/audits/first-cycle/cycle/"' in start

    # Step 1: the form is filled in from the authority's first-cycle setting.
    step1 = qa.get("/audits/first-cycle/cycle/")
    assert "Step 1 of 3" in text(step1) and 'aria-current="step"' in text(step1)
    # The date input shows the filled-in day (it takes ISO dates only), and no template
    # comment leaks into the page.
    assert 'value="01/09/2026"' in text(step1) and "{#" not in text(step1)
    assert step1.context["form"].initial == {
        "year": 2026,
        "number": 3,
        "starts_on": date(2026, 9, 1),
    }
    created = qa.post(
        "/audits/first-cycle/cycle/", {"year": 2026, "number": 3, "starts_on": "2026-09-01"}
    )
    cycle = Cycle.objects.get()
    assert cycle.label == "2026-T3" and cycle.calendar.count() == 4
    assert created["Location"] == f"/audits/first-cycle/{cycle.pk}/sample/"
    assert "Continue your first audit cycle" in text(qa.get("/"))

    # Step 2: the explanation comes before drawing; the reasons after it.
    step2 = text(qa.get(created["Location"]))
    assert "Step 2 of 3" in step2 and "in proportion to how many eligible open cases" in step2
    assert "Completed" in step2
    bad = text(qa.post(created["Location"], {"target": "0", "min_per_team": 1}))
    assert "There is a problem" in bad and not Sample.objects.exists()
    drawn = qa.post(created["Location"], {"target": 4, "min_per_team": 1, "exclude_months": 6})
    sample = Sample.objects.get()
    assert (
        sample.round == 1 and sample.items.count() == 4
    )  # every case: two teams of one, one of two
    assert drawn["Location"] == f"/audits/first-cycle/samples/{sample.pk}/allocate/"
    # Coming back to step 2 leads on to step 3 rather than drawing twice.
    again = text(qa.get(created["Location"]))
    assert "This step is done" in again and drawn["Location"] in again
    assert "This step is done: 2026-T3" in text(qa.get("/audits/first-cycle/cycle/"))

    step3 = text(qa.get(drawn["Location"]))
    assert "Step 3 of 3" in step3 and "Why this case" in step3
    assert "Drawn 1 of 1 from A Early Help&#x27;s 1 eligible open cases" in step3
    assert "REF-OWN" in step3 or "REF-TEAM" in step3
    assert "No team manager yet" not in step3

    # Step 3: the audits go to the team managers, and the path says it is done.
    finished = qa.post(drawn["Location"])
    assert finished["Location"] == "/audits/first-cycle/"
    assert Audit.objects.filter(cycle=cycle).count() == 4
    assert set(Audit.objects.values_list("auditor__username", flat=True)) == {"team_manager"}
    done = text(qa.get("/audits/first-cycle/"))
    assert "Your first audit cycle is under way" in done and "To do next" not in done
    assert "Start your first audit cycle" not in text(qa.get("/"))
    assert "first audit cycle" not in text(qa.get("/audits/cycles/"))


def test_a_team_without_a_manager_is_named_before_allocating(qa: Client, world: World) -> None:
    world.team_b.manager = None
    world.team_b.save()
    qa.post("/audits/first-cycle/cycle/", {"year": 2026, "number": 3, "starts_on": "2026-09-01"})
    cycle = Cycle.objects.get()
    qa.post(
        f"/audits/first-cycle/{cycle.pk}/sample/",
        {"target": 3, "min_per_team": 1, "exclude_months": 6},
    )
    url = f"/audits/first-cycle/samples/{Sample.objects.get().pk}/allocate/"
    assert "These teams have no team manager" in text(qa.get(url))
    refused = qa.post(url, follow=True)
    assert "B Family Support" in text(refused) and not Audit.objects.exists()


def test_the_guided_path_is_the_qa_units(client_for: Any, world: World) -> None:
    assert client_for("practitioner").get("/audits/first-cycle/").status_code == 403
    assert "first audit cycle" not in client_for("practitioner").get("/").content.decode()
