"""API tokens: revoked by their owner, listed without their secret, ended with the password."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from assure.core import clock
from assure.core.models import ApiToken, AuditEvent
from assure.core.tokens import api_token_issue
from tests.conftest import PASSWORD, World

MOMENT = datetime(2026, 10, 5, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.django_db
def test_delete_revokes_the_token_it_was_sent_with(world: World) -> None:
    client = Client()
    token = client.post(
        "/api/v1/auth/token",
        {"username": "director", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    other = api_token_issue(user=world.user("director"))
    assert client.get("/api/v1/me", **bearer(token)).status_code == 200
    assert client.delete("/api/v1/auth/token", **bearer(token)).status_code == 204
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401
    assert client.get("/api/v1/me", **bearer(other)).status_code == 200
    assert AuditEvent.objects.filter(summary="Revoked an API token").count() == 1


@pytest.mark.django_db
def test_delete_needs_a_token_not_a_session(client_for: Any) -> None:
    response = client_for("director").delete("/api/v1/auth/token")
    assert response.status_code == 401 and "detail" in response.json()


@pytest.mark.django_db
def test_last_used_is_recorded_at_most_once_a_minute(world: World) -> None:
    with clock.frozen(MOMENT):
        token = api_token_issue(user=world.user("director"))
    row = ApiToken.objects.get()
    assert row.last_used is None
    client = Client()
    for seconds, expected in [(0, 0), (30, 0), (61, 61), (90, 61)]:
        with clock.frozen(MOMENT + timedelta(seconds=seconds)):
            assert client.get("/api/v1/me", **bearer(token)).status_code == 200
        row.refresh_from_db()
        assert row.last_used == MOMENT + timedelta(seconds=expected)


@pytest.mark.django_db
def test_token_lifetime_follows_the_setting(world: World, settings: Any) -> None:
    settings.ASSURE_API_TOKEN_DAYS = 7
    with clock.frozen(MOMENT):
        api_token_issue(user=world.user("director"))
    assert ApiToken.objects.get().expires == MOMENT + timedelta(days=7)


@pytest.mark.django_db
def test_the_tokens_page_lists_and_revokes_own_tokens_only(world: World, client_for: Any) -> None:
    mine = api_token_issue(user=world.user("director"))
    theirs = api_token_issue(user=world.user("practitioner"))
    own_row = ApiToken.objects.get(user=world.user("director"))
    their_row = ApiToken.objects.get(user=world.user("practitioner"))
    client = client_for("director")
    html = client.get("/account/tokens/").content.decode()
    assert "Revoke" in html and "Never" in html
    assert mine not in html and own_row.key_hash not in html
    assert f'value="{their_row.pk}"' not in html
    assert client.post("/account/tokens/", {"token": their_row.pk}).status_code == 404
    assert Client().get("/api/v1/me", **bearer(theirs)).status_code == 200
    response = client.post("/account/tokens/", {"token": own_row.pk})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=own_row.pk).exists()
    assert "You have no API tokens" in client.get("/account/tokens/").content.decode()


@pytest.mark.django_db
def test_a_new_password_or_deactivation_ends_every_token(world: World) -> None:
    person = world.user("director")
    tokens = [api_token_issue(user=person) for _ in range(2)]
    person.save(update_fields=["last_login"])  # signing in changes nothing
    person.first_name = "Renamed"
    person.save()
    assert ApiToken.objects.filter(user=person).count() == 2
    person.set_password("another-long-password-2")
    person.save()
    assert not ApiToken.objects.filter(user=person).exists()
    assert Client().get("/api/v1/me", **bearer(tokens[0])).status_code == 401
    assert AuditEvent.objects.filter(summary="Ended 2 API tokens: password changed").exists()

    other = world.user("practitioner")
    api_token_issue(user=other)
    other.is_active = False
    other.save()
    assert not ApiToken.objects.filter(user=other).exists()


@pytest.mark.django_db
def test_openapi_documents_the_token_operations(client_for: Any) -> None:
    doc = client_for("director").get("/api/v1/openapi.json").json()
    operations = doc["paths"]["/api/v1/auth/token"]
    assert set(operations["delete"]["responses"]) >= {"204", "401"}
    assert set(operations["post"]["responses"]) >= {"200", "401", "429"}
