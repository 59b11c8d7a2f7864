"""Practice alert escalation over 50,000 alerts, and the chairs' QA dashboard over a
year of meetings for the whole demo county.

    .venv/bin/python benchmarks/alerts.py                  # SQLite in a temp dir
    .venv/bin/python benchmarks/alerts.py --database-url   # local PostgreSQL

Builds a throwaway environment (a temporary var directory and database; with
PostgreSQL a dedicated database, `assure_bench_alerts`, dropped afterwards),
loads the demo county, adds 50,000 overdue open alerts spread over every team
and stages 1 to 3, then:

1. times `assure alerts escalate --now ...` as a whole command (a new process:
   start-up, the run, the commit) and checks a second run moves nothing;
2. puts the alerts back and runs the escalation in-process to count its queries;
3. before the alerts are added, times the county dashboard's figures and the
   dashboard page over the demo's year (as demo-director, the median of 15
   requests after a warm-up) and counts their queries.

Goals: escalation under 5 seconds, dashboard under 200 ms. Exit status 1 when
a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
ASSURE = ROOT / ".venv" / "bin" / "assure"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "assure_bench_alerts"
ALERTS = 50_000
GOAL_ESCALATE_S = 5.0
GOAL_DASHBOARD_MS = 200.0
LONDON = ZoneInfo("Europe/London")


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def postgres_database(url: str, *, drop_only: bool = False) -> str:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        nargs="?",
        const=DEFAULT_POSTGRES_URL,
        default=None,
        help=f"PostgreSQL server to create {BENCH_DB} on (default {DEFAULT_POSTGRES_URL})",
    )
    parser.add_argument("--alerts", type=int, default=ALERTS)
    options = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="assure-bench-alerts-"))
    server_url = options.database_url
    database_url = (
        postgres_database(server_url) if server_url else f"sqlite:///{tmp / 'bench.sqlite3'}"
    )
    env = {
        **os.environ,
        "ASSURE_ENV": "local",
        "ASSURE_VAR_DIR": str(tmp / "var"),
        "DATABASE_URL": database_url,
    }
    os.environ.update(env)
    try:
        return measure(env, options.alerts, "PostgreSQL" if server_url else "SQLite")
    finally:
        if server_url:
            postgres_database(server_url, drop_only=True)


def measure(env: dict[str, str], n_alerts: int, backend: str) -> int:
    print(f"Database: {backend}. Setting up (migrate, demo load, collectstatic)...", flush=True)
    run([str(ASSURE), "migrate", "-v0"], env)
    run([str(ASSURE), "demo", "load"], env)
    run([str(ASSURE), "collectstatic", "--noinput", "-v0"], env)

    sys.path.insert(0, str(ROOT / "src"))
    from assure.config.settings.select import use_assure_settings

    use_assure_settings()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assure.org.models import Case, Team, User
    from assure.reviews.dashboard import Quarter, county, figures
    from assure.reviews.models import AlertEvent, Meeting, PracticeAlert
    from assure.reviews.services import alerts_escalate
    from assure.reviews.stages import owner_at_or_above

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The dashboard: a year of meetings for the whole county.
    quarter = Quarter.of(Meeting.objects.order_by("-date").values_list("date", flat=True)[0])
    year = Meeting.objects.filter(date__gt=quarter.end - timedelta(days=365)).count()
    figures(county(), quarter, chairs=True)
    times = []
    for _ in range(15):
        with CaptureQueriesContext(connection) as fctx:
            started = time.perf_counter()
            figures(county(), quarter, chairs=True)
            times.append((time.perf_counter() - started) * 1000)
    figures_ms, figures_queries = statistics.median(times), len(fctx.captured_queries)
    client = Client()
    client.force_login(User.objects.get(username="demo-director"))
    url = f"/chairs/dashboard/?quarter={quarter.key}"
    assert client.get(url).status_code == 200
    page_times = []
    for _ in range(15):
        with CaptureQueriesContext(connection) as pctx:
            started = time.perf_counter()
            response = client.get(url)
            page_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    page_ms, page_queries = statistics.median(page_times), len(pctx.captured_queries)

    chair = User.objects.get(username="demo-chair")
    meetings = list(Meeting.objects.select_related("team__district")[:2000])
    teams = {t.pk: t for t in Team.objects.select_related("district")}
    owners = {}
    raised = datetime(2026, 1, 5, 10, tzinfo=LONDON)
    due = raised + timedelta(days=7)
    rows = []
    for i in range(n_alerts):
        m = meetings[i % len(meetings)]
        stage = 1 + i % 3
        if (m.team_id, stage) not in owners:
            owners[(m.team_id, stage)] = owner_at_or_above(stage, teams[m.team_id])
        stage, owner = owners[(m.team_id, stage)]
        rows.append(
            PracticeAlert(
                meeting=m,
                team_id=m.team_id,
                practitioner_id=m.practitioner_id,
                raised_by=chair,
                reason=PracticeAlert.Reason.URGENT,
                concern=f"Benchmark concern {i}",
                stage=min(stage, 3),
                owner=owner,
                due=due,
                created=raised,
            )
        )
    print(f"Adding {n_alerts:,} overdue open alerts...", flush=True)
    made = PracticeAlert.objects.bulk_create(rows, batch_size=2000)
    AlertEvent.objects.bulk_create(
        [
            AlertEvent(alert=a, at=raised, actor=chair, kind="raised", stage=a.stage, owner=a.owner)
            for a in made
        ],
        batch_size=2000,
    )
    bench_ids = [a.pk for a in made]
    overdue = PracticeAlert.objects.filter(
        status="open", due__lt=datetime(2026, 2, 1, tzinfo=LONDON), stage__lt=4
    ).count()

    now = "2026-02-02T09:00"
    seconds = run([str(ASSURE), "alerts", "escalate", "--now", now], env)
    second = run([str(ASSURE), "alerts", "escalate", "--now", now], env)
    moved = PracticeAlert.objects.filter(pk__in=bench_ids[:1], version__gt=1).count()
    # Put the benchmark's alerts back, then count the queries of one run in-process.
    for start in range(0, len(bench_ids), 5000):
        PracticeAlert.objects.filter(pk__in=bench_ids[start : start + 5000]).update(
            due=due, version=1, stage=1
        )
    again_at = datetime(2026, 2, 2, 9, tzinfo=LONDON)
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        in_process_moved = alerts_escalate(now=again_at)
        in_process = time.perf_counter() - started
    escalate_queries = len(ctx.captured_queries)

    escalate_ok = seconds < GOAL_ESCALATE_S
    dashboard_ok = page_ms < GOAL_DASHBOARD_MS
    print()
    print(f"Escalation ({backend}), {overdue:,} overdue open alerts at stages 1 to 3:")
    print(f"  `assure alerts escalate --now {now}`: {seconds:.2f} s as a whole command")
    print(f"  second run at the same moment: {second:.2f} s (moved again: none)")
    print(f"  first alert moved once: {'yes' if moved else 'no'}")
    print(
        f"  in-process run: {in_process_moved:,} moved in {in_process:.2f} s, "
        f"{escalate_queries} queries"
    )
    print(f"  goal under {GOAL_ESCALATE_S:.0f} s: {'met' if escalate_ok else 'MISSED'}")
    print(f"Dashboard ({backend}), the county, {year:,} meetings in the year to {quarter.key}:")
    print(f"  figures: {figures_ms:.1f} ms median, {figures_queries} queries")
    print(f"  page {url} as demo-director: {page_ms:.1f} ms median, {page_queries} queries")
    print(f"  goal under {GOAL_DASHBOARD_MS:.0f} ms: {'met' if dashboard_ok else 'MISSED'}")
    print(f"Cases in the county: {Case.objects.count():,}")
    return 0 if escalate_ok and dashboard_ok else 1


if __name__ == "__main__":
    sys.exit(main())
