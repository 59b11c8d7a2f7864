"""The trail proves itself: a hash chain that `assure trail verify` walks."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from assure.core import clock, trail
from assure.core.migrations import _audit_triggers as triggers
from assure.core.models import AuditEvent
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")


@contextmanager
def triggers_aside() -> Iterator[None]:
    """What only the tables' owner can do: step the append-only triggers aside."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update")
        else:
            for statement in triggers.SQLITE_REVERSE:
                cursor.execute(statement)
        try:
            yield
        finally:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update"
                )
            else:
                for statement in triggers.SQLITE_FORWARD:
                    cursor.execute(statement)


def three_events(world: World) -> list[AuditEvent]:
    who = world.user("director")
    return [
        trail.record(
            actor=who,
            action=AuditEvent.Action.VIEW,
            summary=f"Viewed case {n}",
            child_ref=f"REF-{n}",
            changes={"grade": ["good", "inadequate"], "score": [1.0, 2.5], "n": n},
        )
        for n in range(3)
    ]


@pytest.mark.django_db
def test_each_event_is_chained_to_the_one_before(world: World) -> None:
    first, second, third = three_events(world)
    assert first.prev_hash == trail.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    stored = AuditEvent.objects.get(pk=second.pk)  # as the database gives it back
    assert trail.link_hash(stored.prev_hash or "", stored) == second.hash
    verdict = trail.verify()
    assert verdict.intact and verdict.events == 3 and verdict.last_hash == third.hash


@pytest.mark.django_db
def test_the_demo_bulk_history_is_chained_too(world: World) -> None:
    three_events(world)
    at = datetime(2026, 3, 1, 9, 0, tzinfo=LONDON)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(at=at, actor_username="assure", action="create", summary=f"s{n}")
            for n in range(4)
        ]
    )
    assert trail.verify().events == 7


@pytest.mark.django_db
def test_verify_names_an_event_changed_behind_the_triggers(world: World) -> None:
    _, second, _ = three_events(world)
    with triggers_aside(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET child_ref = 'REF-FORGED' WHERE id = %s", [second.pk]
        )
    verdict = trail.verify()
    assert not verdict.intact
    assert verdict.broken_at == second.pk and verdict.events == 1
    assert "changed after it was written" in verdict.problem
    with pytest.raises(CommandError, match=f"trail broken at event {second.pk}: its fields"):
        call_command("trail", "verify")


@pytest.mark.django_db
def test_verify_names_the_link_after_a_removed_event(world: World) -> None:
    first, second, third = three_events(world)
    with triggers_aside(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
    verdict = trail.verify()
    assert verdict.broken_at == third.pk and "an event before it is missing" in verdict.problem
    with triggers_aside(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [first.pk])
    assert "earlier events are missing" in trail.verify().problem


@pytest.mark.django_db
def test_verify_command_reports_an_intact_trail(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    three_events(world)
    call_command("trail", "verify")
    out = capsys.readouterr().out
    assert "trail intact: 3 events" in out


@pytest.mark.django_db
def test_the_migration_chains_events_written_before_it(world: World) -> None:
    with clock.frozen(datetime(2026, 5, 4, 10, 30, 15, 123456, tzinfo=LONDON)):
        three_events(world)
    with connection.cursor() as cursor:  # as events were written before the chain existed
        for summary in ("older one", "older two"):
            cursor.execute(
                "INSERT INTO core_auditevent (at, actor_username, action, object_type, object_id,"
                " child_ref, summary, changes, user_agent) VALUES (%s, '', 'view', '', '', '',"
                " %s, '{\"a\": 1.5}', '')",
                [datetime(2026, 5, 5, 8, tzinfo=LONDON), summary],
            )
    assert "never chained" in trail.verify().problem
    migration = importlib.import_module("assure.core.migrations.0007_trail_hash_chain")
    from django.apps import apps

    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.chain_existing(apps, editor)
    assert trail.verify().events == 5
    trail.record(actor=None, action=AuditEvent.Action.VIEW, summary="after the migration")
    assert trail.verify().events == 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(world: World) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design; PostgreSQL needs the lock")
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    trail.record(actor=None, action=AuditEvent.Action.VIEW, summary=f"{n}-{i}")
                    trail.record(actor=None, action=AuditEvent.Action.VIEW, summary=f"{n}-{i}b")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    verdict = trail.verify()
    assert verdict.intact, verdict
    assert verdict.events == AuditEvent.objects.count() >= 80
