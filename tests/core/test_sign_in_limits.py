"""Guessing passwords: per account and address, per account, per address; behind a proxy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from assure.core.middleware import client_ip
from assure.core.models import AuditEvent
from assure.org.models import User
from tests.conftest import PASSWORD, World, make_user


def sign_in(username: str, password: str, address: str, forwarded: str = "") -> Any:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return Client(REMOTE_ADDR=address, **extra).post(
        "/sign-in/", {"username": username, "password": password}
    )


def signed_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_many_accounts_guessed_from_one_address_pause_that_address(world: World) -> None:
    accounts = [make_user(f"person{n}") for n in range(7)]
    for person in accounts[:5]:  # 20 wrong guesses over 5 accounts, 4 each: under the pair limit
        for _ in range(4):
            assert sign_in(person.username, "wrong", "198.51.100.7").status_code == 200
    refused = sign_in(accounts[5].username, PASSWORD, "198.51.100.7")
    assert refused.status_code == 429 and b"from your computer" in refused.content
    assert signed_in(sign_in(accounts[5].username, PASSWORD, "198.51.100.8"))


@pytest.mark.django_db
def test_one_account_guessed_from_many_addresses_is_paused(world: World) -> None:
    for n in range(10):
        sign_in("director", "wrong", f"203.0.113.{n}")
    refused = sign_in("director", PASSWORD, "203.0.113.99")
    assert refused.status_code == 429 and b"for this account" in refused.content
    assert signed_in(sign_in("practitioner", PASSWORD, "203.0.113.99"))


@pytest.mark.django_db
def test_the_limits_forget_after_an_hour(world: World) -> None:
    from datetime import timedelta

    from assure.core import clock

    start = clock.now()
    with clock.frozen(start):
        for n in range(10):
            sign_in("director", "wrong", f"203.0.113.{n}")
        assert sign_in("director", PASSWORD, "203.0.113.99").status_code == 429
    with clock.frozen(start + timedelta(minutes=61)):
        assert signed_in(sign_in("director", PASSWORD, "203.0.113.99"))


@pytest.mark.django_db
def test_api_lockout_answers_json(world: World) -> None:
    client = Client(REMOTE_ADDR="192.0.2.4")
    for _ in range(5):
        response = client.post(
            "/api/v1/auth/token",
            {"username": "director", "password": "wrong"},
            content_type="application/json",
        )
    assert response.status_code == 429
    response = client.post(
        "/api/v1/auth/token",
        {"username": "director", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "paused" in response.json()["detail"]


def request_from(address: str, forwarded: str = "") -> Any:
    from django.test import RequestFactory

    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=address, **extra)


def test_forwarded_for_is_believed_only_from_trusted_proxies(settings: Any) -> None:
    settings.ASSURE_TRUSTED_PROXIES = ""
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "10.0.0.2"
    settings.ASSURE_TRUSTED_PROXIES = "10.0.0.0/8, 192.0.2.1"
    assert client_ip(request_from("10.0.0.2", "203.0.113.5")) == "203.0.113.5"
    # The client wrote its own header; the proxy appended what it saw: the rightmost counts.
    assert client_ip(request_from("10.0.0.2", "1.1.1.1, 203.0.113.5")) == "203.0.113.5"
    # Two proxies in a row, both trusted.
    assert client_ip(request_from("10.0.0.2", "203.0.113.5, 192.0.2.1")) == "203.0.113.5"
    # Not from a trusted proxy: the header is the client's own claim, ignored.
    assert client_ip(request_from("198.51.100.9", "1.1.1.1")) == "198.51.100.9"
    assert client_ip(request_from("10.0.0.2", "garbage")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


@pytest.mark.django_db
def test_one_guesser_behind_the_proxy_pauses_only_themselves(world: World, settings: Any) -> None:
    settings.ASSURE_TRUSTED_PROXIES = "10.0.0.1"
    accounts: list[User] = [make_user(f"person{n}") for n in range(7)]
    for person in accounts:  # the spread guess: 28 over 7 accounts
        for _ in range(4):
            sign_in(person.username, "wrong", "10.0.0.1", forwarded="203.0.113.66")
    assert sign_in("director", PASSWORD, "10.0.0.1", forwarded="203.0.113.66").status_code == 429
    assert signed_in(sign_in("director", PASSWORD, "10.0.0.1", forwarded="203.0.113.77"))
    failed = AuditEvent.objects.filter(action="sign_in_failed").first()
    assert failed is not None and failed.ip_address == "203.0.113.66"
