"""Database triggers that refuse UPDATE and DELETE on the audit trail.

The model already refuses; the triggers make the promise hold for anyone who
reaches the table another way (raw SQL, a bug, a careless script).
"""

from django.db import migrations

from ._audit_triggers import (
    POSTGRES_FORWARD,
    POSTGRES_REVERSE,
    SQLITE_FORWARD,
    SQLITE_REVERSE,
)


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def reverse(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(forward, reverse)]
