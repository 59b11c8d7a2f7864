"""What a council's security officer checks first."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from assure.core.models import AuditEvent
from tests.conftest import PASSWORD, World


def test_passwords_hash_with_argon2_outside_tests() -> None:
    from assure.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert get_hasher("argon2").algorithm == "argon2"


@pytest.mark.django_db
def test_security_headers_on_every_page(client_for: Any) -> None:
    for role, url in [
        ("anonymous", "/sign-in/"),
        ("practitioner", "/"),
        ("practitioner", "/cases/"),
    ]:
        response = client_for(role).get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in client_for("practitioner").get("/cases/")["Cache-Control"]


@pytest.mark.django_db
def test_no_inline_script_in_pages(client_for: Any) -> None:
    html = client_for("director").get("/").content.decode()
    assert "<script>" not in html and '<script type="module">' not in html
    assert 'src="/static/assure/init.js"' in html


@pytest.mark.django_db
def test_forms_need_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "practitioner", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_sign_in_is_throttled_after_five_failures(world: World) -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/sign-in/", {"username": "practitioner", "password": "wrong"})
    # Even the right password is refused while the pair is locked out.
    response = client.post("/sign-in/", {"username": "practitioner", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Sign-in is paused" in response.content
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action="sign_in_failed", actor_username="practitioner")
    assert failed.count() >= 5


@pytest.mark.django_db
def test_sign_in_and_failure_are_in_the_audit_trail(world: World) -> None:
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post("/sign-in/", {"username": "director", "password": "nope"})
    client.post("/sign-in/", {"username": "director", "password": PASSWORD})
    events = list(AuditEvent.objects.filter(actor_username="director").order_by("id"))
    assert [e.action for e in events] == ["sign_in_failed", "sign_in"]
    assert events[1].ip_address == "10.1.2.3"
    assert events[1].actor == world.user("director")


@pytest.mark.django_db
def test_session_ends_after_inactivity(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    client = Client()
    client.post("/sign-in/", {"username": "director", "password": PASSWORD})
    assert client.get("/").status_code == 200
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + settings.SESSION_COOKIE_AGE + 5)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_demo_accounts_refused_outside_demo_mode(world: World, settings: Any) -> None:
    person = world.user("director")
    person.is_demo = True
    person.save()
    settings.ASSURE_DEMO = False
    client = Client()
    client.post("/sign-in/", {"username": "director", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


PRINT_SETTINGS = (
    "import django\n"
    "from assure.config.settings.select import use_assure_settings\n"
    "use_assure_settings()\n"
    "django.setup()\n"
    "from django.conf import settings as s\n"
    "print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.ASSURE_DEMO)\n"
)


def _production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    dropped = ("ASSURE_", "DATABASE_URL", "DJANGO_SETTINGS")
    base = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    # Every case gives the base URL unless it tests its absence (an empty value).
    env = {"ASSURE_BASE_URL": "https://assure.example.gov.uk", **env}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**base, "ASSURE_ENV": "production", "PYTHONPATH": "src", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_with_a_default_secret_key() -> None:
    result = _production(
        {
            "ASSURE_SECRET_KEY": "local-only-not-secret",
            "ASSURE_ALLOWED_HOSTS": "assure.example.gov.uk",
            "DATABASE_URL": "postgres://x@localhost/assure",
        }
    )
    assert result.returncode != 0
    assert "ASSURE_SECRET_KEY must be set" in result.stderr


def test_production_refuses_without_hosts_or_database() -> None:
    key = "k" * 64
    no_hosts = _production({"ASSURE_SECRET_KEY": key, "DATABASE_URL": "postgres://x@localhost/a"})
    assert "ASSURE_ALLOWED_HOSTS" in no_hosts.stderr
    no_db = _production({"ASSURE_SECRET_KEY": key, "ASSURE_ALLOWED_HOSTS": "a.example"})
    assert "DATABASE_URL" in no_db.stderr


def test_production_secures_cookies_and_sends_hsts() -> None:
    result = _production(
        {
            "ASSURE_SECRET_KEY": "k" * 64,
            "ASSURE_ALLOWED_HOSTS": "a.example",
            "DATABASE_URL": "postgres://x@localhost/assure",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "False"]


def test_production_refuses_without_a_base_url_for_email_links() -> None:
    needed = {
        "ASSURE_SECRET_KEY": "k" * 64,
        "ASSURE_ALLOWED_HOSTS": "a.example",
        "DATABASE_URL": "postgres://x@localhost/assure",
    }
    result = _production({**needed, "ASSURE_BASE_URL": ""})
    assert result.returncode != 0 and "ASSURE_BASE_URL must be" in result.stderr
    proxies = _production({**needed, "ASSURE_TRUSTED_PROXIES": "10.0.0.0/8, not-an-address"})
    assert proxies.returncode != 0 and "ASSURE_TRUSTED_PROXIES" in proxies.stderr


def test_local_mode_links_to_the_local_server_unless_told(monkeypatch: Any) -> None:
    import importlib

    from assure.config.settings import base, local

    def local_base_url() -> str:
        importlib.reload(base)
        return str(importlib.reload(local).ASSURE_BASE_URL)

    monkeypatch.delenv("ASSURE_BASE_URL", raising=False)
    assert local_base_url() == "http://127.0.0.1:8000"
    monkeypatch.setenv("ASSURE_BASE_URL", "https://assure.example.gov.uk/")
    assert local_base_url() == "https://assure.example.gov.uk"
    monkeypatch.undo()
    local_base_url()
