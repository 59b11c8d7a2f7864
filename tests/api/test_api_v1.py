from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from assure.core.models import ApiToken, AuditEvent
from assure.core.notifications import notification_send
from tests.conftest import PASSWORD, World


def token_for(username: str) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


@pytest.mark.django_db
def test_token_then_me(world: World) -> None:
    token = token_for("team_manager")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "team_manager"
    assert body["roles"] == [{"key": "team_manager", "label": "Team manager", "scope": "team"}]
    assert body["team"] == "A Family Support"
    assert "view_cases" in body["permissions"]
    # only the hash is stored, and issuing it is in the audit trail
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert AuditEvent.objects.filter(action="token", actor_username="team_manager").exists()


@pytest.mark.django_db
def test_error_shapes(world: World) -> None:
    client = Client()
    bad = client.post(
        "/api/v1/auth/token",
        {"username": "team_manager", "password": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 401 and "detail" in bad.json()
    missing = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert missing.status_code == 400
    assert "password" in missing.json()["detail"]
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


@pytest.mark.django_db
def test_session_cookie_works_for_the_api(client_for: Any) -> None:
    assert client_for("director").get("/api/v1/me").json()["username"] == "director"


@pytest.mark.django_db
def test_notifications_newest_first(world: World, client_for: Any) -> None:
    practitioner = world.user("practitioner")
    notification_send(recipients=[practitioner], kind="test", text="First", link="/cases/")
    notification_send(
        recipients=[practitioner], kind="test", text="Second", link="/", obj=world.cases["own"]
    )
    body = client_for("practitioner").get("/api/v1/notifications").json()
    assert [n["text"] for n in body] == ["Second", "First"]
    assert body[0]["object"] == {"type": "case", "id": str(world.cases["own"].pk)}
    assert body[1]["object"] is None
    assert set(body[0]) == {"id", "kind", "text", "created", "read", "link", "object"}
    assert client_for("director").get("/api/v1/notifications").json() == []


def test_openapi_document_is_served(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Assure API"
    assert "/api/v1/me" in doc["paths"] and "/api/v1/auth/token" in doc["paths"]


def test_every_error_the_document_lists_has_the_one_error_shape() -> None:
    from assure.api.urls import api

    doc = api.get_openapi_schema()
    assert doc["components"]["schemas"]["ErrorOut"]["properties"] == {"detail": {"title": "Detail"}}
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)
