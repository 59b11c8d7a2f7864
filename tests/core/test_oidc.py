"""Entra ID sign-in matches existing staff by email and never creates accounts."""

from __future__ import annotations

import pytest

from assure.core.oidc import AssureOIDCBackend
from tests.conftest import World


@pytest.mark.django_db
def test_matches_staff_by_email_and_creates_nobody(world: World, settings: object) -> None:
    backend = AssureOIDCBackend.__new__(AssureOIDCBackend)  # no provider settings needed here
    found = backend.filter_users_by_claims({"email": "DIRECTOR@example.org"})
    assert list(found) == [world.user("director")]
    assert list(backend.filter_users_by_claims({"email": "stranger@example.org"})) == []
    assert list(backend.filter_users_by_claims({})) == []
    assert backend.create_user({"email": "stranger@example.org"}) is None


@pytest.mark.django_db
def test_demo_accounts_never_match(world: World) -> None:
    person = world.user("director")
    person.is_demo = True
    person.save()
    backend = AssureOIDCBackend.__new__(AssureOIDCBackend)
    assert list(backend.filter_users_by_claims({"email": "director@example.org"})) == []
