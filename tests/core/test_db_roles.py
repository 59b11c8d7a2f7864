"""The app's database role may only insert into and read the trail (PostgreSQL)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from assure.cli import translate, use_owner_database
from assure.core import trail
from assure.core.models import AuditEvent
from tests.conftest import World


@pytest.fixture
def app_role(world: World) -> Iterator[str]:
    """A role like production's app role, made inside the test's transaction (so it goes too)."""
    if connection.vendor != "postgresql":
        pytest.skip("roles and grants are PostgreSQL's; CI runs this against PostgreSQL")
    role = f"assure_app_test_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    call_command("db_grant_app_role", role)
    yield role


def as_role(role: str, statement: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(statement)


@pytest.mark.django_db
def test_the_app_role_cannot_change_or_empty_the_trail(world: World, app_role: str) -> None:
    trail.record(actor=world.user("director"), action=AuditEvent.Action.VIEW, summary="kept")
    for statement in (
        "UPDATE core_auditevent SET summary = 'forged'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
        "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update",
        "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER core_auditevent_no_update ON core_auditevent",
    ):
        with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
            as_role(app_role, statement)
    assert AuditEvent.objects.filter(summary="kept").count() == 1


@pytest.mark.django_db
def test_the_app_role_writes_the_trail_and_everything_else(world: World, app_role: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        trail.record(actor=world.user("director"), action=AuditEvent.Action.VIEW, summary="new")
        cursor.execute("SELECT count(*) FROM core_auditevent")
        cursor.execute("UPDATE org_user SET first_name = 'Renamed' WHERE username = 'director'")
        cursor.execute("DELETE FROM core_notification")
        cursor.execute("RESET ROLE")
    assert trail.verify().intact


@pytest.mark.django_db
def test_grant_refuses_a_role_that_owns_the_tables(world: World) -> None:
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="for PostgreSQL"):
            call_command("db_grant_app_role", "anyone")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="superuser or owns the tables"):
        call_command("db_grant_app_role", owner)


def test_migrations_run_as_the_owner_the_app_as_itself() -> None:
    assert translate(["db", "grant-app-role", "assure_app"]) == ["db_grant_app_role", "assure_app"]
    env = {
        "DATABASE_URL": "postgres://app@db/assure",
        "ASSURE_MIGRATE_DATABASE_URL": "postgres://owner@db/assure",
    }
    use_owner_database(["runserver"], env)
    assert env["DATABASE_URL"] == "postgres://app@db/assure"
    use_owner_database(["migrate"], env)
    assert env["DATABASE_URL"] == "postgres://owner@db/assure"
