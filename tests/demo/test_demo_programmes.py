"""The demo's year of QA programmes: each kind there, with findings and actions; the health
partner sees only the multi-agency audit they are a member of; loading twice adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from assure.actions.models import Action
from assure.demo import demo_load
from assure.org.models import User
from assure.programmes.models import Finding, Observation, Programme


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2028, 2, 29)], ids=str)
def test_a_year_of_programmes(today: date) -> None:
    demo_load(children=1500, today=today)
    kinds = set(Programme.objects.values_list("kind", flat=True))
    assert kinds == set(Programme.Kind.values)
    assert Programme.objects.filter(kind="coa", status="complete").count() >= 10
    assert Observation.objects.filter(status="done").count() >= 20
    assert Finding.objects.filter(kind="strength").exists()
    assert Finding.objects.filter(kind="development").exists()
    assert Action.objects.filter(source_type="programme").count() >= 10
    assert Programme.objects.filter(kind="thematic", published_at__isnull=False).exists()
    counted = Programme.objects.count()
    demo_load(children=1500, today=today)
    assert Programme.objects.count() == counted
    partner = Client()
    partner.force_login(User.objects.get(username="demo-partner"))
    seen = partner.get("/api/v1/programmes").json()
    assert [p["kind"] for p in seen] == ["multi_agency"]
    assert partner.get(f"/api/v1/programmes/{seen[0]['id']}").json()["cases"]
    assert partner.get("/api/v1/audits").json() == []
