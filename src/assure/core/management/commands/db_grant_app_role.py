"""`assure db grant-app-role ROLE`: what the app's own database role may do (PostgreSQL).

Migrations run as the role that owns the tables; the app runs as another role
that may read and write every table except the trail, where it may only INSERT
and SELECT. Only an owner can disable the trail's triggers, and TRUNCATE,
UPDATE and DELETE are never granted on it (ADR 0011). Run it after every
`assure migrate` (new tables need their grants); running it again is harmless.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from assure.core.models import AuditEvent

TRAIL_FUNCTIONS = ("core_auditevent_claim(integer)",)
# Read, never written by the app: the trail, and the record of which migrations ran.
INSERT_ONLY = {AuditEvent._meta.db_table}
READ_ONLY = {"django_migrations"}


def grant_statements(role: str, schema: str, tables: list[str], *, quote: Any) -> list[str]:
    """Idempotent: each table's grants are revoked first, so a broader grant does not survive."""
    who, where = quote(role), quote(schema)
    statements = [f"GRANT USAGE ON SCHEMA {where} TO {who}"]
    for table in tables:
        name = f"{where}.{quote(table)}"
        if table in INSERT_ONLY:
            rights = "SELECT, INSERT"
        elif table in READ_ONLY:
            rights = "SELECT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements += [f"REVOKE ALL ON {name} FROM {who}", f"GRANT {rights} ON {name} TO {who}"]
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}")
    statements += [f"GRANT EXECUTE ON FUNCTION {where}.{f} TO {who}" for f in TRAIL_FUNCTIONS]
    return statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant the app's database role what it needs on every table, and only "
        "INSERT and SELECT on the audit trail. Run as the tables' owner, after each migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "role", help="The role the app connects as (it must not own the tables)"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        role: str = options["role"]
        if connection.vendor != "postgresql":
            raise CommandError("grant-app-role is for PostgreSQL; SQLite has no roles.")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(r.oid, t.tableowner, 'USAGE'), current_schema()"
                " FROM pg_roles r, pg_tables t"
                " WHERE r.rolname = %s AND t.tablename = %s AND t.schemaname = current_schema()",
                [role, AuditEvent._meta.db_table],
            )
            row = cursor.fetchone()
        if row is None:
            raise CommandError(f"There is no role {role!r} (or no trail table: migrate first).")
        superuser, owner, schema = row
        if superuser or owner:
            raise CommandError(
                f"{role!r} is a superuser or owns the tables: it could bypass the trail's "
                "protections. Give the app a role of its own (README, 'Running it in production')."
            )
        tables = sorted(connection.introspection.table_names())
        statements = grant_statements(role, schema, tables, quote=connection.ops.quote_name)
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(
            f"Granted {role} what the app needs on {len(tables)} tables: only INSERT and "
            "SELECT on the audit trail."
        )
