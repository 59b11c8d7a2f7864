"""Shared fixtures: a small authority with one person in every role."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.test import Client

from assure.core.roles import ROLES
from assure.org.models import (
    Area,
    Case,
    Child,
    Directorate,
    District,
    RoleAssignment,
    Service,
    Team,
    User,
)

PASSWORD = "a-long-test-password-1"


def _flush_past_the_audit_triggers() -> None:
    """Let transactional tests empty the database between tests.

    The audit trail's triggers refuse DELETE. PostgreSQL's flush uses TRUNCATE,
    which row triggers do not see; SQLite's flush deletes rows, so the
    triggers step aside for the flush alone and come straight back.
    """
    from django.db import connection
    from django.test import TransactionTestCase

    from assure.core.migrations import _audit_triggers as triggers

    original = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        if connection.vendor != "sqlite":
            return original(self)
        with connection.cursor() as cursor:
            for statement in triggers.SQLITE_REVERSE:
                cursor.execute(statement)
        try:
            original(self)
        finally:
            with connection.cursor() as cursor:
                for statement in triggers.SQLITE_FORWARD:
                    cursor.execute(statement)

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]


_flush_past_the_audit_triggers()


@dataclass
class World:
    """Two areas, three casework teams, and a person for each role."""

    directorate: Directorate
    north: Area
    south: Area
    district_a: District
    district_b: District
    csw: Service
    early_help: Service
    team_a: Team  # district A, children's social work: the practitioner's team
    team_b: Team  # district B (other area), children's social work
    team_eh: Team  # district A, early help
    users: dict[str, User] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.users[role]


def make_user(username: str, team: Team | None = None, **extra: Any) -> User:
    user = User(
        username=username,
        first_name=username.title(),
        last_name="Tester",
        email=f"{username}@example.org",
        team=team,
        **extra,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> World:
    d = Directorate.objects.create(name="Test directorate", code="999")
    north = Area.objects.create(directorate=d, name="North")
    south = Area.objects.create(directorate=d, name="South")
    da = District.objects.create(area=north, name="District A")
    db = District.objects.create(area=south, name="District B")
    csw = Service.objects.create(
        directorate=d, name="Children's social work", kind=Service.Kind.CHILDRENS_SOCIAL_WORK
    )
    eh = Service.objects.create(directorate=d, name="Early help", kind=Service.Kind.EARLY_HELP)
    world = World(
        directorate=d,
        north=north,
        south=south,
        district_a=da,
        district_b=db,
        csw=csw,
        early_help=eh,
        team_a=Team.objects.create(name="A Family Support", service=csw, district=da),
        team_b=Team.objects.create(name="B Family Support", service=csw, district=db),
        team_eh=Team.objects.create(name="A Early Help", service=eh, district=da),
    )
    anchors: dict[str, dict[str, Any]] = {
        "business_support": {"team": world.team_a},
        "team_manager": {"team": world.team_a},
        "service_manager": {"service": csw, "area": north},
        "assistant_director": {"area": north},
    }
    for key in ROLES:
        user = make_user(
            key,
            team=world.team_a
            if key in ("practitioner", "team_manager", "business_support")
            else None,
        )
        RoleAssignment.objects.create(user=user, role=key, **anchors.get(key, {}))
        world.users[key] = user
    world.users["nobody"] = make_user("nobody")  # signs in, holds no role
    other = make_user("other-practitioner", team=world.team_a)
    RoleAssignment.objects.create(user=other, role="practitioner")
    world.users["other_practitioner"] = other
    for name, team, worker in [
        ("own", world.team_a, world.users["practitioner"]),
        ("team", world.team_a, other),
        ("other_area", world.team_b, None),
        ("early_help", world.team_eh, None),
    ]:
        child = Child.objects.create(reference=f"REF-{name.upper()}", age_band="5_9")
        world.cases[name] = Case.objects.create(
            child=child,
            case_type=Case.Type.CIN,
            team=team,
            allocated_worker=worker,
            opened_on=date(2026, 1, 5),
        )
    return world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World) -> Any:
    """A signed-in test client for a role key (or 'anonymous')."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(world.user(role))
        return client

    return make


@pytest.fixture(autouse=True, scope="session")
def _clock_from_environment() -> Any:
    """`ASSURE_TEST_NOW=2028-02-29T09:30 make test` runs the whole suite on that day.

    The clock keeps ticking from that moment, as it would on the day; nothing
    in the suite may depend on which day it runs.
    """
    from datetime import datetime

    from assure.core import clock

    when = os.environ.get("ASSURE_TEST_NOW", "").strip()
    if when:
        clock.set(datetime.fromisoformat(when))
    yield
    clock.set(None)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Cached aggregates must not leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _var_dir(settings: Any, tmp_path: Any) -> None:
    """Snapshots and uploads written by a test go to its own folder, never the repo's var/."""
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(scope="module")
def samples(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The small world with one record of every kind, made once for a whole module.

    Walking hundreds of routes with a fresh world each would spend the run
    building worlds. The records are made inside a transaction that is rolled
    back when the module is done; every test still runs inside its own
    savepoint (the `db` fixture), so what one test writes never reaches the next.
    A module using it cannot also use `world`, which would build a second one.
    """
    from django.db import transaction

    from tests.walks.samples import make_samples

    with django_db_blocker.unblock(), transaction.atomic():
        yield make_samples(build_world())
        transaction.set_rollback(True)
