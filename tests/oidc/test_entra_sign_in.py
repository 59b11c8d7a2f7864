"""Entra ID sign-in through a real OpenID Connect provider and the authorisation-code flow.

Each test sends a browser through Assure's /oidc/authenticate/ to the provider,
signs in there, comes back to /oidc/callback/ with a code, and Assure exchanges
it over HTTP and verifies the signed ID token with the provider's JWKS.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import requests
from django.test import Client
from jwcrypto import jwk

from assure.core.identities import ExternalIdentity
from assure.core.models import AuditEvent
from assure.org.models import RoleAssignment, User
from tests.conftest import World

from .conftest import OTHER_TENANT, TENANT, Provider, callback_url, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

QA_GROUP = "5a1f0c3e-1111-4c2b-9d3e-aaaaaaaaaaaa"
CASEWORK_GROUP = "5a1f0c3e-2222-4c2b-9d3e-bbbbbbbbbbbb"


def _signed_in_as(client: Client) -> Any:
    return client.session.get("_auth_user_id")


def _refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED))


def _sign_ins(user: User) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, actor=user))


@pytest.fixture
def browser() -> Any:
    with requests.Session() as session:
        yield session


def test_first_sign_in_links_the_identity_by_verified_email(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    director = world.user("director")
    name = entra.person(email="Director@Example.org", email_verified=True)
    client = Client()

    response = sign_in(client, entra, browser, name)

    assert response.status_code == 302 and response["Location"] == "/"
    assert _signed_in_as(client) == str(director.pk)
    identity = ExternalIdentity.objects.get(user=director)
    assert (identity.tid, identity.oid) == (TENANT, entra.claims(name)["oid"])
    [event] = _sign_ins(director)  # one event, not one more from the generic receiver
    assert event.summary == "Signed in with Entra ID (identity linked)"
    assert event.changes["oid"] == identity.oid and event.changes["linked"] is True
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_type="core.externalidentity"
    ).exists()
    assert client.get("/").status_code == 200


def test_entra_domain_verified_claim_counts_as_verified(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    name = entra.person(email="qa_pdm@example.org", xms_edov=True)
    client = Client()
    sign_in(client, entra, browser, name)
    assert _signed_in_as(client) == str(world.user("qa_pdm").pk)


def test_unverified_email_is_refused(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    name = entra.person(email="director@example.org", email_verified=False, xms_edov=False)
    client = Client()

    response = sign_in(client, entra, browser, name)

    assert response["Location"] == "/sign-in/"
    assert _signed_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    [refusal] = _refusals()  # the reason, once: no second, reasonless event
    assert "not say the email address is verified" in refusal.summary
    assert refusal.changes["oid"] == entra.claims(name)["oid"]
    page = client.get("/sign-in/")
    assert "could not sign you in to Assure" in page.content.decode()


def test_another_tenant_is_refused(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    name = entra.person(tid=OTHER_TENANT, email="director@example.org", email_verified=True)
    client = Client()
    sign_in(client, entra, browser, name)
    assert _signed_in_as(client) is None
    [refusal] = _refusals()
    assert f"tenant {OTHER_TENANT} is not the council's" in refusal.summary
    assert not ExternalIdentity.objects.exists()


def test_later_sign_ins_find_the_person_by_oid_whatever_the_email(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    director = world.user("director")
    name = entra.person(email="director@example.org", email_verified=True)
    sign_in(Client(), entra, browser, name)
    # The address changes on both sides; the token's new one even belongs to someone else.
    User.objects.filter(pk=director.pk).update(email="d.renamed@example.org")
    entra.set_claims(name, {**entra.claims(name), "email": "practitioner@example.org"})

    client = Client()
    sign_in(client, entra, browser, name)

    assert _signed_in_as(client) == str(director.pk)
    assert ExternalIdentity.objects.get().user == director
    assert [e.summary for e in _sign_ins(director)] == [
        "Signed in with Entra ID",
        "Signed in with Entra ID (identity linked)",
    ]


def test_a_second_identity_cannot_take_over_a_linked_account(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    first = entra.person(email="director@example.org", email_verified=True)
    sign_in(Client(), entra, browser, first)
    intruder = entra.person(email="director@example.org", email_verified=True)

    client = Client()
    with requests.Session() as other_browser:
        sign_in(client, entra, other_browser, intruder)

    assert _signed_in_as(client) is None
    [refusal] = _refusals()
    assert "already linked to another directory identity" in refusal.summary


def test_unknown_person_is_refused_and_no_account_is_created(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    people = User.objects.count()
    name = entra.person(email="stranger@example.org", email_verified=True)
    client = Client()
    sign_in(client, entra, browser, name)
    assert _signed_in_as(client) is None
    assert User.objects.count() == people
    [refusal] = _refusals()
    assert "no active Assure account has this email address" in refusal.summary
    assert refusal.actor_username == "stranger@example.org"


def test_demo_and_inactive_accounts_are_refused(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    User.objects.filter(pk=world.user("director").pk).update(is_demo=True)
    User.objects.filter(pk=world.user("qa_pdm").pk).update(is_active=False)
    for email in ("director@example.org", "qa_pdm@example.org"):
        client = Client()
        with requests.Session() as fresh:
            sign_in(client, entra, fresh, entra.person(email=email, email_verified=True))
        assert _signed_in_as(client) is None
    assert len(_refusals()) == 2
    assert not ExternalIdentity.objects.exists()


def test_switching_an_account_off_ends_its_entra_session(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    director = world.user("director")
    client = Client()
    sign_in(client, entra, browser, entra.person(email="director@example.org", email_verified=True))
    assert client.get("/").status_code == 200
    User.objects.filter(pk=director.pk).update(is_active=False)
    assert client.get("/")["Location"].startswith("/sign-in/")


def test_groups_give_roles_that_read_no_child_and_only_note_the_others(
    world: World, entra: Provider, browser: requests.Session, settings: Any
) -> None:
    settings.ASSURE_OIDC_GROUP_ROLES = f"{QA_GROUP}=analyst,{CASEWORK_GROUP}=team_manager"
    person = world.user("nobody")
    name = entra.person(
        email="nobody@example.org",
        email_verified=True,
        groups=[QA_GROUP.upper(), CASEWORK_GROUP, "00000000-0000-0000-0000-000000000000"],
    )
    client = Client()
    sign_in(client, entra, browser, name)

    assert _signed_in_as(client) == str(person.pk)
    assert list(RoleAssignment.objects.filter(user=person).values_list("role", flat=True)) == [
        "analyst"
    ]
    [event] = _sign_ins(person)
    assert event.changes["roles_added"] == ["analyst"]
    assert event.changes["roles_not_given"] == [{"group": CASEWORK_GROUP, "role": "team_manager"}]
    given = AuditEvent.objects.get(object_type="org.roleassignment")
    assert given.actor_username == "Entra ID" and QA_GROUP in given.summary

    # The next sign-in adds nothing twice.
    sign_in(Client(), entra, browser, name)
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_a_token_from_another_issuer_is_refused(
    world: World, entra: Provider, browser: requests.Session, settings: Any
) -> None:
    settings.ASSURE_OIDC_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"
    client = Client()
    sign_in(client, entra, browser, entra.person(email="director@example.org", email_verified=True))
    assert _signed_in_as(client) is None
    [refusal] = _refusals()
    assert "issuer" in refusal.summary


def test_a_replayed_callback_is_refused(
    world: World, entra: Provider, browser: requests.Session
) -> None:
    client = Client()
    name = entra.person(email="director@example.org", email_verified=True)
    url = callback_url(client, entra, browser, name)
    assert client.get(url)["Location"] == "/"

    elsewhere = Client()  # the same code and state, from a browser that never asked
    assert elsewhere.get(url)["Location"] == "/sign-in/"
    assert _signed_in_as(elsewhere) is None
    again = client.get(url)  # and from the same browser, once spent
    assert again["Location"] == "/sign-in/"
    assert [r.summary for r in _refusals()] == 2 * [
        "Entra ID sign-in refused: the callback's state is not one this browser is waiting for"
    ]


def test_the_providers_own_refusal_is_recorded(world: World, entra: Provider) -> None:
    client = Client()
    client.get("/oidc/authenticate/")
    response = client.get(
        "/oidc/callback/?error=access_denied&error_description=User+not+assigned&state=x"
    )
    assert response["Location"] == "/sign-in/"
    [refusal] = _refusals()
    assert (
        refusal.summary
        == "Entra ID sign-in refused: Entra ID answered access_denied: User not assigned"
    )


def test_a_token_not_signed_by_the_providers_key_is_refused(
    world: World, entra: Provider, browser: requests.Session, settings: Any
) -> None:
    """Assure checks the signature: keys published elsewhere under the same kid do not verify."""
    published = requests.get(settings.OIDC_OP_JWKS_ENDPOINT, timeout=10).json()["keys"][0]
    other = jwk.JWK.generate(kty="RSA", size=2048)
    forged = {**json.loads(other.export_public()), "kid": published["kid"], "alg": "RS256"}
    body = json.dumps({"keys": [forged]}).encode()

    class Keys(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Keys)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.OIDC_OP_JWKS_ENDPOINT = f"http://127.0.0.1:{server.server_port}/keys"
        client = Client()
        name = entra.person(email="director@example.org", email_verified=True)
        sign_in(client, entra, browser, name)
    finally:
        server.shutdown()
        server.server_close()
    assert _signed_in_as(client) is None
    [refusal] = _refusals()
    assert refusal.summary == "Entra ID sign-in refused: JWS token verification failed."
