"""The trail proves itself: each event carries a hash chained to the one before (ADR 0011).

Adds the two hash columns (nullable, so SQLite adds them in place and keeps the
append-only triggers), the indexes the sign-in limits count with, PostgreSQL's
`core_auditevent_claim` (the lock on the chain's tail), and chains the events
written before this migration, in id order. Migrations run as the tables' owner,
who alone may step the append-only triggers aside for that one pass.
"""

import assure.core.clock
from django.conf import settings
from django.db import migrations, models

from ._audit_triggers import SQLITE_FORWARD, SQLITE_REVERSE

CLAIM_FUNCTION = """
CREATE OR REPLACE FUNCTION core_auditevent_claim(n integer)
RETURNS TABLE (tail_hash varchar, ids bigint[]) AS $$
BEGIN
    -- Held until the caller's transaction ends: one writer at a time extends the chain.
    PERFORM pg_advisory_xact_lock(71964114121317);  -- "Assure" in ASCII
    -- A new snapshot after the lock: it sees the event the previous holder committed.
    RETURN QUERY SELECT
        (SELECT e.hash FROM core_auditevent e ORDER BY e.id DESC LIMIT 1),
        ARRAY(SELECT nextval(pg_get_serial_sequence('core_auditevent', 'id'))
              FROM generate_series(1, n));
END;
$$ LANGUAGE plpgsql VOLATILE;
"""
DROP_CLAIM_FUNCTION = "DROP FUNCTION IF EXISTS core_auditevent_claim(integer);"


def create_claim(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CLAIM_FUNCTION)


def drop_claim(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CLAIM_FUNCTION)


def chain_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Chain every event not yet chained, in id order, continuing from the last chained one."""
    from assure.core.trail import GENESIS, link_hash

    event_model = apps.get_model("core", "AuditEvent")
    db = schema_editor.connection.alias
    events = event_model.objects.using(db).order_by("id")
    unchained = events.filter(hash__isnull=True)
    first = unchained.first()
    if first is None:
        return
    before = events.filter(id__lt=first.pk, hash__isnull=False).last()
    prev = before.hash if before is not None else GENESIS
    updates = []
    for event in events.filter(id__gte=first.pk).iterator(chunk_size=2000):
        event.prev_hash = prev
        event.hash = prev = link_hash(prev, event)
        updates.append((event.prev_hash, event.hash, event.pk))
    vendor = schema_editor.connection.vendor
    table = schema_editor.quote_name(event_model._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER core_auditevent_no_update")
        elif vendor == "sqlite":
            for statement in SQLITE_REVERSE:
                cursor.execute(statement)
        try:
            cursor.executemany(
                f"UPDATE {table} SET prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                updates,
            )
        finally:
            if vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER core_auditevent_no_update")
            elif vendor == "sqlite":
                for statement in SQLITE_FORWARD:
                    cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_external_identities"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        # The column is unchanged; the stamp is now set when the event is made (the hash
        # covers it). State only, so SQLite does not rebuild the table and drop its triggers.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=models.DateTimeField(db_index=True, default=assure.core.clock.now),
                ),
            ]
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["action", "actor_username", "at"], name="core_trail_user_failures"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "ip_address", "at"], name="core_trail_addr_failures"),
        ),
        migrations.RunPython(create_claim, drop_claim),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
    ]
