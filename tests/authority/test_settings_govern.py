"""Each setting on the authority's page changes what Assure does, not only what it stores."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from assure.authority import services, settings_reader
from assure.authority.models import AuthoritySettings
from assure.core import site
from assure.core.models import AuditEvent, Notification
from assure.core.notifications import email_notification
from assure.reviews.stages import due_for
from tests.conftest import PASSWORD, World

LONDON = ZoneInfo("Europe/London")
BASE = {"name": "Kent County Council", "la_code": "886", "protective_marking": "OFFICIAL"}


@pytest.fixture
def authority(db: Any) -> AuthoritySettings:
    return AuthoritySettings.objects.create(name="Kent County Council", la_code="886")


def save(browser: Client, **values: Any) -> Any:
    """Post the settings page as an administrator would, the stored version included."""
    row = AuthoritySettings.objects.get()
    return browser.post("/admin/authority/", {"version": row.version, **BASE, **values})


@pytest.fixture
def admin_browser(world: World, authority: AuthoritySettings) -> Client:
    browser = Client()
    browser.force_login(world.user("administrator"))
    return browser


def test_the_alert_deadline_moves_with_the_page_and_with_a_closure_day(
    admin_browser: Client, django_capture_on_commit_callbacks: Any
) -> None:
    raised = datetime(2026, 3, 2, 11, 0, tzinfo=LONDON)  # a Monday, no bank holidays near
    assert due_for(1, raised).date() == date(2026, 3, 9)  # the environment's five
    with django_capture_on_commit_callbacks(execute=True):
        assert save(admin_browser, alert_response_working_days="3").status_code == 302
    assert due_for(1, raised).date() == date(2026, 3, 5)
    assert due_for(2, raised).date() == date(2026, 3, 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = save(admin_browser, alert_response_working_days="3", closure_days="2026-03-04\n")
    assert response.status_code == 302
    assert due_for(1, raised).date() == date(2026, 3, 6)  # Wednesday the 4th is closed
    assert settings_reader.closure_days() == frozenset({date(2026, 3, 4)})
    events = AuditEvent.objects.filter(summary="Changed the authority's settings")
    assert [e.changes for e in events.order_by("pk")] == [
        {
            "protective_marking": ["OFFICIAL-SENSITIVE", "OFFICIAL"],
            "alert_response_working_days": [None, 3],
        },
        {"closure_days": ["", "2026-03-04"]},
    ]


def test_a_closure_day_that_is_not_a_date_is_refused_by_name(admin_browser: Client) -> None:
    page = save(admin_browser, closure_days="next Tuesday").content.decode()
    assert "There is a problem" in page and "#id_closure_days" in page
    assert AuthoritySettings.objects.get().closure_days == ""


def test_emails_come_from_the_sender_on_the_page(
    world: World, admin_browser: Client, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "assure@deployment.example"
    person = world.user("qa_pdm")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite", person.username, stdout=io.StringIO())
    assert mail.outbox[-1].from_email == "assure@deployment.example"
    assert mail.outbox[-1].reply_to == []
    with django_capture_on_commit_callbacks(execute=True):
        save(
            admin_browser,
            sender_email="assure@kent.gov.uk",
            reply_to_email="qa.unit@kent.gov.uk",
        )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite", person.username, stdout=io.StringIO())
    assert mail.outbox[-1].from_email == "assure@kent.gov.uk"
    assert mail.outbox[-1].reply_to == ["qa.unit@kent.gov.uk"]
    note = Notification.objects.create(user=person, kind="audit_allocated", text="x", link="/")
    email_notification.call(note.pk)
    assert mail.outbox[-1].from_email == "assure@kent.gov.uk"
    assert mail.outbox[-1].to == [person.email]


def test_entra_id_cannot_be_chosen_when_it_is_not_configured(admin_browser: Client) -> None:
    page = admin_browser.get("/admin/authority/").content.decode()
    assert "Microsoft Entra ID is not configured for this deployment" in page
    refused = save(admin_browser, sign_in_methods="entra").content.decode()
    assert "There is a problem" in refused and "#id_sign_in_methods" in refused
    assert "OIDC_RP_CLIENT_ID" in refused
    assert AuthoritySettings.objects.get().sign_in_methods == ""


def test_the_sign_in_page_shows_only_the_chosen_methods_and_administrators_keep_a_way_in(
    world: World, authority: AuthoritySettings, settings: Any
) -> None:
    settings.ROOT_URLCONF = "tests.oidc.urls"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, site.OIDC_BACKEND]
    # What the Entra ID views and backend read when they are built; nothing here
    # reaches a provider (the sign-ins below are by password).
    entra = "https://login.example.invalid"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{entra}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{entra}/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{entra}/keys"
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_CLIENT_ID = "assure-test"
    settings.OIDC_RP_CLIENT_SECRET = "not-a-secret"
    settings.ASSURE_OIDC_TENANT_ID = "tenant"
    settings.ASSURE_OIDC_ISSUER = f"{entra}/v2.0"
    settings.ASSURE_OIDC_GROUP_ROLES = ""
    entra_button = "Sign in with your council account"
    both = Client().get("/sign-in/").content.decode()
    assert entra_button in both and 'name="password"' in both  # the environment: both
    admin = world.user("administrator")
    services.authority_update(actor=admin, version=1, values={"sign_in_methods": "local"})
    settings_reader.forget()
    local = Client().get("/sign-in/").content.decode()
    assert entra_button not in local and 'name="password"' in local
    assert Client().get("/oidc/authenticate/")["Location"] == "/sign-in/"
    services.authority_update(actor=admin, version=2, values={"sign_in_methods": "entra"})
    settings_reader.forget()
    entra = Client().get("/sign-in/").content.decode()
    assert entra_button in entra and 'name="password"' not in entra
    assert "/sign-in/administrator/" in entra
    # A password is still refused for staff, even posted to the page...
    staff = Client().post(
        "/sign-in/administrator/", {"username": "practitioner", "password": PASSWORD}
    )
    assert staff.status_code == 200 and "signs in with Microsoft Entra ID" in staff.content.decode()
    # ...but a system administrator signs in with one, so nobody is locked out.
    page = Client().get("/sign-in/administrator/").content.decode()
    assert 'name="password"' in page and entra_button not in page
    signed = Client().post(
        "/sign-in/administrator/", {"username": "administrator", "password": PASSWORD}
    )
    assert signed.status_code == 302


def test_the_first_cycle_setting_fills_in_the_first_cycle(
    world: World, admin_browser: Client, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = save(
            admin_browser,
            first_cycle_year="2027",
            first_cycle_number="2",
            first_cycle_starts_on="2027-05-01",
        )
    assert response.status_code == 302
    assert settings_reader.first_cycle() == settings_reader.FirstCycle(2027, 2, date(2027, 5, 1))
    form = client_for("qa_pdm").get("/audits/cycles/").context["form"]
    assert form.initial == {"year": 2027, "number": 2, "starts_on": date(2027, 5, 1)}
    half = save(admin_browser, first_cycle_year="2027", first_cycle_number="").content.decode()
    assert "Give both the year and the cycle" in half
