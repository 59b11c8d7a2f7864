"""The first cycle through the API: a cycle, then its samples, as the contract says."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import World


def client(world: World, role: str) -> Client:
    browser = Client()
    browser.force_login(world.user(role))
    return browser


def post(browser: Client, url: str, body: dict[str, Any]) -> Any:
    return browser.post(url, body, content_type="application/json")


@pytest.mark.django_db
def test_the_qa_unit_creates_a_cycle_and_draws_its_samples(world: World) -> None:
    qa = client(world, "qa_pdm")
    made = post(qa, "/api/v1/cycles", {"year": 2027, "number": 1, "starts_on": "2027-01-01"})
    assert made.status_code == 201, made.content
    cycle = made.json()
    assert cycle["label"] == "2027-T1"
    assert cycle["months"] == ["2027-01-01", "2027-02-01", "2027-03-01", "2027-04-01"]
    first = post(qa, f"/api/v1/cycles/{cycle['id']}/samples", {"size": 2, "seed": 7})
    assert first.status_code == 201, first.content
    refs = first.json()["cases"]
    assert refs and all(isinstance(r, str) for r in refs)
    again = post(qa, f"/api/v1/cycles/{cycle['id']}/samples", {"size": 2, "seed": 7})
    assert again.status_code == 201
    third = post(qa, f"/api/v1/cycles/{cycle['id']}/samples", {"size": 2})
    assert third.status_code == 400 and "cycle" in third.json()["detail"]


@pytest.mark.django_db
def test_bad_cycles_are_refused_naming_the_field(world: World) -> None:
    qa = client(world, "qa_pdm")
    bad_day = post(qa, "/api/v1/cycles", {"year": 2027, "number": 1, "starts_on": "2027-01-05"})
    assert bad_day.status_code == 400 and "starts_on" in bad_day.json()["detail"]
    bad_number = post(qa, "/api/v1/cycles", {"year": 2027, "number": 4, "starts_on": "2027-01-01"})
    assert bad_number.status_code == 400 and "number" in bad_number.json()["detail"]
    post(qa, "/api/v1/cycles", {"year": 2027, "number": 2, "starts_on": "2027-05-01"})
    twice = post(qa, "/api/v1/cycles", {"year": 2027, "number": 2, "starts_on": "2027-05-01"})
    assert twice.status_code == 400
    assert post(qa, "/api/v1/cycles/999999/samples", {"size": 2}).status_code == 404


@pytest.mark.django_db
def test_only_the_qa_unit_creates_cycles(world: World) -> None:
    body = {"year": 2027, "number": 1, "starts_on": "2027-01-01"}
    assert post(client(world, "practitioner"), "/api/v1/cycles", body).status_code == 403
    assert post(client(world, "elected_member"), "/api/v1/cycles", body).status_code == 403
    assert post(Client(), "/api/v1/cycles", body).status_code == 401


@pytest.mark.django_db
def test_a_sample_size_or_seed_too_wide_to_keep_is_bad_input(world: World) -> None:
    qa = client(world, "qa_pdm")
    made = post(qa, "/api/v1/cycles", {"year": 2027, "number": 1, "starts_on": "2027-01-01"})
    url = f"/api/v1/cycles/{made.json()['id']}/samples"
    for body, field in [
        ({"size": 2, "seed": 2**63}, "seed"),
        ({"size": 2, "seed": -(2**63) - 1}, "seed"),
        ({"size": 2**31}, "size"),
        ({"size": 0}, "size"),
    ]:
        refused = post(qa, url, body)
        assert refused.status_code == 400, (body, refused.content)
        assert field in refused.json()["detail"]
    widest = post(qa, url, {"size": 2, "seed": 2**63 - 1})
    assert widest.status_code == 201, widest.content
