from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from assure.core.policy import access_for
from assure.demo import demo_load
from assure.org.models import Area, Case, District, Team, User


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_county_has_an_authoritys_shape_and_loads_once() -> None:
    first = demo_load(children=8000)
    assert first.created
    assert (Area.objects.count(), District.objects.count()) == (4, 12)
    assert 55 <= Team.objects.count() <= 70
    assert 550 <= User.objects.count() <= 700
    assert first.children == 8000 and first.cases == 8000
    again = demo_load(children=8000)
    assert not again.created and again.cases == first.cases and again.staff == first.staff


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_users_sign_in_and_hold_their_roles() -> None:
    demo_load(children=500)
    expected = {
        "demo-practitioner": {"practitioner"},
        "demo-auditor": {"team_manager"},
        "demo-moderator": {"service_manager"},
        "demo-qa": {"qa_pdm"},
        "demo-chair": {"cp_chair", "iro"},
        "demo-director": {"director"},
        "demo-member": {"elected_member"},
        "demo-admin": {"administrator"},
    }
    for username, roles in expected.items():
        user = User.objects.get(username=username)
        assert set(access_for(user).role_keys) == roles
        client = Client()
        client.post("/sign-in/", {"username": username, "password": "demo-password-only"})
        assert client.session.get("_auth_user_id") == str(user.pk), username
    practitioner = User.objects.get(username="demo-practitioner")
    assert Case.objects.filter(allocated_worker=practitioner, closed_on__isnull=True).count() >= 10
    auditor = User.objects.get(username="demo-auditor")
    assert practitioner.team == auditor.team and practitioner.line_manager == auditor


@pytest.mark.django_db
def test_demo_is_refused_in_production(settings: Any) -> None:
    settings.ASSURE_DEMO = False
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("demo_load")
    assert not User.objects.filter(is_demo=True).exists()
