"""Entra ID sign-in rules that need no provider: role mapping, claims, matching edge cases.

The whole flow, against a real OpenID Connect provider, is in tests/oidc/.
These replace the earlier tests that matched people by email at every sign-in,
which is now refused: after the first sign-in only (tid, oid) finds a person.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from assure.core.identities import ExternalIdentity
from assure.core.models import AuditEvent
from assure.core.oidc import (
    AssureOIDCBackend,
    email_is_verified,
    group_may_give,
    identity_sign_in,
    is_directory_sign_in,
    parse_group_roles,
    reads_children,
)
from assure.core.roles import ROLES
from assure.org.models import User
from tests.conftest import World

TENANT = "0b5c2f0e-8a4e-4d0b-9c1a-6f3e2d1c0b9a"
GROUP = "5A1F0C3E-1111-4C2B-9D3E-AAAAAAAAAAAA"


def test_only_roles_without_child_level_access_count_as_reading_no_child() -> None:
    no_child = {key for key, role in ROLES.items() if not reads_children(role)}
    assert no_child == {"analyst", "partner", "elected_member", "administrator"}


def test_groups_give_neither_child_level_roles_nor_the_administrator_role() -> None:
    from_groups = {key for key, role in ROLES.items() if group_may_give(role)}
    assert from_groups == {"analyst", "partner", "elected_member"}


def test_group_roles_parse_and_refuse_what_they_cannot_read() -> None:
    text = f" {GROUP} = analyst ,\n{GROUP}=elected_member,other=qa_pdm,"
    assert parse_group_roles(text) == {
        GROUP.lower(): ("analyst", "elected_member"),
        "other": ("qa_pdm",),
    }
    assert parse_group_roles("") == {}
    for bad in ("analyst", f"{GROUP}=wizard", "=analyst"):
        with pytest.raises(ImproperlyConfigured):
            parse_group_roles(bad)


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email_verified": True}, True),
        ({"email_verified": "true"}, True),
        ({"xms_edov": True}, True),
        ({"xms_edov": "1"}, True),
        ({"email_verified": False, "xms_edov": True}, True),
        ({"email_verified": False}, False),
        ({"xms_edov": "false"}, False),
        ({}, False),
    ],
)
def test_email_verified_or_entra_domain_owner_verified(
    claims: dict[str, Any], verified: bool
) -> None:
    assert email_is_verified(claims) is verified


def test_axes_leaves_entra_callbacks_alone_but_counts_password_guesses() -> None:
    assert is_directory_sign_in(None, {"nonce": "n", "code_verifier": "v"})
    assert not is_directory_sign_in(None, {"username": "director", "password": "x"})
    assert not is_directory_sign_in(None, None)


@pytest.fixture
def tenant(settings: Any) -> str:
    settings.ASSURE_OIDC_TENANT_ID = TENANT
    settings.ASSURE_OIDC_GROUP_ROLES = ""
    return TENANT


def _claims(**extra: Any) -> dict[str, Any]:
    return {"tid": TENANT, "oid": "6d1e0f6a-0000-4000-8000-000000000001", **extra}


@pytest.mark.django_db
def test_two_accounts_with_one_address_link_neither(world: World, tenant: str) -> None:
    User.objects.filter(pk=world.user("analyst").pk).update(email="DIRECTOR@example.org")
    claims = _claims(email="director@example.org", email_verified=True)
    assert identity_sign_in(claims=claims, request=None) is None
    assert not ExternalIdentity.objects.exists()
    assert AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_FAILED).summary.endswith(
        "several Assure accounts have this email address"
    )


@pytest.mark.django_db
def test_a_token_without_an_object_id_is_refused(world: World, tenant: str) -> None:
    claims = _claims(oid="", email="director@example.org", email_verified=True)
    assert identity_sign_in(claims=claims, request=None) is None


@pytest.mark.django_db
def test_a_linked_account_made_a_demo_account_is_refused(world: World, tenant: str) -> None:
    director = world.user("director")
    claims = _claims(email="director@example.org", email_verified=True)
    assert identity_sign_in(claims=claims, request=None) == director
    User.objects.filter(pk=director.pk).update(is_demo=True)
    assert identity_sign_in(claims=claims, request=None) is None


@pytest.mark.django_db
def test_tenant_and_object_ids_match_whatever_their_case(world: World, tenant: str) -> None:
    director = world.user("director")
    claims = _claims(email="director@example.org", email_verified=True)
    identity_sign_in(claims=claims, request=None)
    shouted = {**claims, "tid": TENANT.upper(), "oid": claims["oid"].upper(), "email": ""}
    assert identity_sign_in(claims=shouted, request=None) == director
    assert ExternalIdentity.objects.count() == 1


@pytest.mark.django_db
def test_a_group_role_already_held_is_not_given_again(
    world: World, tenant: str, settings: Any
) -> None:
    settings.ASSURE_OIDC_GROUP_ROLES = f"{GROUP}=analyst"
    analyst = world.user("analyst")
    claims = _claims(email="analyst@example.org", email_verified=True, groups=[GROUP])
    assert identity_sign_in(claims=claims, request=None) == analyst
    assert analyst.role_assignments.count() == 1
    assert not AuditEvent.objects.filter(object_type="org.roleassignment").exists()


@pytest.mark.django_db
def test_a_group_cannot_make_an_administrator(world: World, tenant: str, settings: Any) -> None:
    settings.ASSURE_OIDC_GROUP_ROLES = f"{GROUP}=administrator,{GROUP}=partner"
    nobody = world.user("nobody")
    claims = _claims(email="nobody@example.org", email_verified=True, groups=[GROUP])
    assert identity_sign_in(claims=claims, request=None) == nobody
    assert list(nobody.role_assignments.values_list("role", flat=True)) == ["partner"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert event.changes["roles_not_given"] == [{"group": GROUP.lower(), "role": "administrator"}]


@pytest.mark.django_db
def test_a_group_overage_gives_no_role(world: World, tenant: str, settings: Any) -> None:
    settings.ASSURE_OIDC_GROUP_ROLES = f"{GROUP}=analyst"
    nobody = world.user("nobody")
    claims = _claims(
        email="nobody@example.org",
        email_verified=True,
        _claim_names={"groups": "src1"},
        _claim_sources={"src1": {"endpoint": "https://graph.microsoft.com/v1.0/..."}},
    )
    assert identity_sign_in(claims=claims, request=None) == nobody
    assert not nobody.role_assignments.exists()


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        ({"aud": "someone-else", "iss": "https://issuer", "exp": 1}, "another application"),
        ({"aud": ["assure"], "iss": "https://elsewhere", "exp": 1}, "issuer"),
        ({"aud": "assure", "iss": "https://issuer"}, "no expiry"),
    ],
)
def test_tokens_for_another_application_or_issuer_are_refused(
    payload: dict[str, Any], problem: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The signature check is the library's (and exercised end to end in tests/oidc);
    # here only what Assure adds on top of it.
    settings.ASSURE_OIDC_ISSUER = "https://issuer"
    monkeypatch.setattr(OIDCAuthenticationBackend, "verify_token", lambda self, t, **k: payload)
    backend = AssureOIDCBackend.__new__(AssureOIDCBackend)
    backend.OIDC_RP_CLIENT_ID = "assure"
    with pytest.raises(SuspiciousOperation, match=problem):
        backend.verify_token("token")


@pytest.mark.slow
def test_the_environment_switches_entra_sign_in_on_with_its_endpoints() -> None:
    """The settings a council sets give the backend, the callback, PKCE and Entra's endpoints."""
    tenant = TENANT.upper()
    script = (
        "import django, json; django.setup();"
        "from django.conf import settings as s; from django.urls import resolve;"
        "m = resolve('/oidc/callback/'); a = resolve('/oidc/authenticate/');"
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'ASSURE_OIDC_TENANT_ID', 'ASSURE_OIDC_ISSUER', 'OIDC_OP_AUTHORIZATION_ENDPOINT',"
        "'OIDC_OP_TOKEN_ENDPOINT', 'OIDC_OP_JWKS_ENDPOINT', 'OIDC_USE_PKCE',"
        "'AUTHENTICATION_BACKENDS', 'AXES_WHITELIST_CALLABLE')}"
        " | {'view': m.func.view_class.__name__, 'start': a.func.view_class.__name__,"
        " 'public': [getattr(x.func, 'assure_public', False) for x in (m, a)]}))"
    )
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "DJANGO_SETTINGS_MODULE": "assure.config.settings.test",
        "OIDC_RP_CLIENT_ID": "assure-app",
        "ASSURE_OIDC_TENANT_ID": tenant,
        "ASSURE_OIDC_GROUP_ROLES": f"{GROUP}=analyst",
    }
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    entra = f"https://login.microsoftonline.com/{TENANT}"
    assert got["ASSURE_OIDC_TENANT_ID"] == TENANT
    assert got["ASSURE_OIDC_ISSUER"] == f"{entra}/v2.0"
    assert got["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{entra}/oauth2/v2.0/authorize"
    assert got["OIDC_OP_TOKEN_ENDPOINT"] == f"{entra}/oauth2/v2.0/token"
    assert got["OIDC_OP_JWKS_ENDPOINT"] == f"{entra}/discovery/v2.0/keys"
    assert got["OIDC_USE_PKCE"] is True
    assert got["AUTHENTICATION_BACKENDS"][-1] == "assure.core.oidc.AssureOIDCBackend"
    assert got["AXES_WHITELIST_CALLABLE"] == "assure.core.oidc.is_directory_sign_in"
    assert got["view"] == "AssureOIDCCallbackView"
    assert got["start"] == "AssureOIDCAuthenticateView"
    assert got["public"] == [True, True]  # declared, as the URL walk asks of every page
