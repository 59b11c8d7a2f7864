"""A whole authority to a folder and back: the database and the var directory's files.

`backup_write(folder)` writes the database (PostgreSQL's own `pg_dump` custom
format, or SQLite's online backup), a tar of the files Assure keeps under the var
directory (Annex A snapshots, documents made, uploads, media) and a manifest with
every table's row count and the trail's event count and last hash.

`backup_read(folder)` loads them into an empty database and var directory, then
checks the result against the manifest: every table's rows counted again, and the
trail's chain walked from its first event to the same last hash. A restore that
does not match says where, and exits non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from assure.core import clock, trail

MANIFEST = "manifest.json"
FILES = "var-files.tar.gz"
# What the var directory holds that only Assure has; caches, static files and
# written-out mail are made again.
KEPT = ("snapshots", "documents", "uploads", "media")


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why."""


@dataclass
class Checked:
    tables: int
    rows: int
    events: int
    last_hash: str


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def row_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _database_url_parts() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str] | None = None) -> None:
    # The programme is pg_dump or pg_restore; its arguments come from Assure's settings.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {(done.stderr or done.stdout).strip()[-800:]}")


def backup_write(folder: Path) -> dict[str, Any]:
    """Write the whole authority to `folder` (new or empty); returns the manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = _database_url_parts()
    verdict = trail.verify()
    if not verdict.intact:
        raise BackupError(f"The trail is broken at event {verdict.broken_at}: {verdict.problem}")
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={folder / 'database.dump'}",
                str(db["NAME"]),
            ],
            env,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Backing up {connection.vendor} is not supported.")
    var_dir = Path(settings.VAR_DIR)
    with tarfile.open(folder / FILES, "w:gz") as archive:
        for name in KEPT:
            if (var_dir / name).exists():
                archive.add(var_dir / name, arcname=name)
    manifest = {
        "made_at": clock.now().isoformat(),
        "database": connection.vendor,
        "rows": row_counts(),
        "trail": {"events": verdict.events, "last_hash": verdict.last_hash},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    for path in folder.iterdir():
        path.chmod(0o600)  # a whole authority's children's records
    return manifest


def _empty() -> bool:
    """No one and nothing recorded yet: a new database, migrated or not.

    (Migrations write rows of their own, such as the published tools, so "empty"
    means no person and no trail event.)"""
    tables = set(_tables())
    if not tables:
        return True
    from django.contrib.auth import get_user_model

    from assure.core.models import AuditEvent

    users = get_user_model()._meta.db_table
    return (
        users not in tables or not get_user_model().objects.exists()
    ) and not AuditEvent.objects.exists()


def backup_read(folder: Path) -> Checked:
    """Load `folder` into this (empty) database and var directory, then check it."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} holds no {MANIFEST}: it is not an Assure backup.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["database"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['database']} database; this one is {connection.vendor}."
        )
    if not _empty():
        raise BackupError("This database already holds records: restore into an empty one.")
    db = _database_url_parts()
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        connection.close()
        _run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                f"--dbname={db['NAME']}",
                str(folder / "database.dump"),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(folder / "database.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / FILES, "r:gz") as archive:
        for name in KEPT:
            shutil.rmtree(var_dir / name, ignore_errors=True)
        archive.extractall(var_dir, filter="data")
    return backup_check(manifest)


def backup_check(manifest: dict[str, Any]) -> Checked:
    """The database against a backup's manifest: every table's rows and the trail's chain."""
    counts = row_counts()
    wanted: dict[str, int] = manifest["rows"]
    differ = [
        f"{table}: {counts.get(table)} rows, the backup had {n}"
        for table, n in sorted(wanted.items())
        if counts.get(table) != n
    ]
    if differ:
        raise BackupError("The restored database differs: " + "; ".join(differ[:10]))
    verdict = trail.verify()
    if not verdict.intact or verdict.last_hash != manifest["trail"]["last_hash"]:
        raise BackupError(
            f"The restored trail does not match: {verdict.problem or 'another last hash'}."
        )
    return Checked(len(wanted), sum(wanted.values()), verdict.events, verdict.last_hash)
