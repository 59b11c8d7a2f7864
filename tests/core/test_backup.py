"""`assure backup` and `assure restore` round-trip a whole authority, checked.

Run as a council would, as commands against real databases: SQLite files, and
PostgreSQL when the suite runs on it (two throwaway databases on that server).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ASSURE = [sys.executable, "-m", "assure.cli"]


def _assure(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [*ASSURE, *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _env(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env.update(
        {
            "ASSURE_ENV": "local",
            "DATABASE_URL": database_url,
            "ASSURE_VAR_DIR": str(var_dir),
            "PYTHONPATH": src,
        }
    )
    return env


def _round_trip(first: str, second: str, tmp_path: Path) -> None:
    source = _env(first, tmp_path / "var-a")
    _assure(source, "migrate", "-v", "0")
    _assure(
        source,
        "setup",
        "--authority",
        "Kent County Council",
        "--la-code",
        "886",
        "--admin",
        "j.smith",
        "--email",
        "j.smith@kent.example",
        "--password-stdin",
        stdin="a-long-enough-password-1\n",
    )
    snapshot = tmp_path / "var-a" / "snapshots" / "2026-09-30-x"
    snapshot.mkdir(parents=True)
    (snapshot / "list_3.parquet").write_bytes(b"PAR1 fake")
    said = _assure(source, "backup", str(tmp_path / "backup"))
    assert "trail events" in said
    target = _env(second, tmp_path / "var-b")
    _assure(target, "migrate", "-v", "0")
    restored = _assure(target, "restore", str(tmp_path / "backup"))
    assert "each as the backup counted it; trail intact: 2 events" in restored
    assert (tmp_path / "var-b" / "snapshots" / "2026-09-30-x" / "list_3.parquet").read_bytes() == (
        b"PAR1 fake"
    )
    # A second restore over the restored authority is refused, and changes nothing.
    again = subprocess.run(
        [*ASSURE, "restore", str(tmp_path / "backup")],
        env=target,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode != 0 and "restore into an empty one" in again.stderr
    assert "trail intact: 2 events" in _assure(target, "trail", "verify")


def test_sqlite_round_trip(tmp_path: Path) -> None:
    _round_trip(
        f"sqlite:///{tmp_path / 'a.sqlite3'}", f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path
    )


def test_postgresql_round_trip(tmp_path: Path) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the suite runs on SQLite; CI runs this on PostgreSQL too")
    import psycopg

    names = [f"assure_rt_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = psycopg.connect(url, dbname="postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        base = url.rsplit("/", 1)[0]
        _round_trip(f"{base}/{names[0]}", f"{base}/{names[1]}", tmp_path)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
