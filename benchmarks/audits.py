"""The audit cycle at an authority's scale: drawing a sample, and the pages moderators
and the QA unit live in, served by gunicorn as in production.

Builds a throwaway environment (a temporary var directory and database, as
benchmarks/pages.py does, whose helpers it reuses), loads the demo county with
its year of audits, and counts the queries of the moderation queue (as the
demo moderator and as the QA unit) and of the QA dashboard. It then adds a
heavier year of history before it (3 cycles of 480 audits a month, across
the county's 60 casework teams), tops the county up to 30,000 open cases,
lets more of this month's audits arrive for moderation, and counts again:
the counts must not grow with the number of audits. Then it times
`sample_draw` drawing 160 cases from the 30,000 (the whole service call,
several times, each rolled back) and serves the pages to concurrent clients.

    .venv/bin/python benchmarks/audits.py                  # SQLite in a temp dir
    .venv/bin/python benchmarks/audits.py --database-url   # local PostgreSQL

Goals: the median draw under a second; each page's p95 under 200 ms; query
counts the same at both sizes. Any response other than 200 fails the run
(exit status 1); --strict also fails (status 2) when a goal is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The page benchmark's environment, server and load helpers.
import pages

SAMPLE_TARGET = 160
OPEN_CASES = 30_000
HISTORY_CYCLES = 3
HISTORY_PER_ROUND = 480
GOAL_SAMPLE_S = 1.0
GOAL_P95_MS = 200.0


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    clients: int
    workers: int
    threads: int
    repeats: int
    database_url: str | None
    database_name: str
    password: str
    keep: bool
    strict: bool


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured seconds first")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--repeats", type=int, default=7, help="sample draws to time (7)")
    parser.add_argument(
        "--database-url",
        nargs="?",
        const=os.environ.get("DATABASE_URL") or pages.DEFAULT_POSTGRES_URL,
        default=os.environ.get("DATABASE_URL") or None,
        metavar="URL",
        help="a PostgreSQL server to use instead of SQLite (default: $DATABASE_URL)",
    )
    parser.add_argument(
        "--database-name",
        default="assure_bench_audits",
        help="the throwaway PostgreSQL database, dropped before and after the run",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 2 when a goal is missed"
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.warmup < 0 or args.clients < 1 or args.repeats < 1:
        parser.error("--seconds, --clients and --repeats must be positive")
    if args.database_url and urllib.parse.urlsplit(args.database_url).scheme not in (
        "postgres",
        "postgresql",
    ):
        parser.error("--database-url must be a postgres:// or postgresql:// URL")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.database_name):
        parser.error("--database-name must be a plain lower-case identifier")
    return Options(
        seconds=args.seconds,
        warmup=args.warmup,
        clients=args.clients,
        workers=args.workers,
        threads=args.threads,
        repeats=args.repeats,
        database_url=args.database_url,
        database_name=args.database_name,
        password=os.environ.get("ASSURE_DEMO_PASSWORD", pages.DEFAULT_PASSWORD),
        keep=args.keep,
        strict=args.strict,
    )


# Growing the county (in this process, through the ORM and the services) ----------------


def audit_count() -> int:
    from assure.audits.models import Audit

    return Audit.objects.count()


def dashboard_path() -> str:
    """The QA dashboard when the app has one, else the current cycle's page."""
    from django.urls import Resolver404, resolve

    from assure.audits.models import Cycle

    try:
        resolve("/audits/insight/")
        return "/audits/insight/"
    except Resolver404:
        cycle = Cycle.objects.order_by("-starts_on").first()
        assert cycle is not None
        return f"/audits/cycles/{cycle.pk}/"


def top_up_open_cases(total: int) -> int:
    """Children with open cases across the casework teams until `total` are open."""
    from django.db import transaction

    from assure.audits.services import AUDITED_SERVICES
    from assure.demo.county import CASE_TYPES
    from assure.org.models import Case, Child, Team, User

    open_cases = Case.objects.filter(
        closed_on__isnull=True, team__service__kind__in=AUDITED_SERVICES
    )
    need = total - open_cases.count()
    if need <= 0:
        return 0
    rng = random.Random(30_000)
    teams = list(
        Team.objects.select_related("service").filter(
            service__kind__in=AUDITED_SERVICES, manager__isnull=False
        )
    )
    workers: dict[int, list[int]] = {}
    for pk, team_id in User.objects.filter(job_title="Social worker").values_list("pk", "team_id"):
        workers.setdefault(team_id, []).append(pk)
    today = date.today()
    bands = [b for b, _ in Child.AgeBand.choices]
    with transaction.atomic():
        kids = Child.objects.bulk_create(
            [Child(reference=f"BX{500000 + n}", age_band=rng.choice(bands)) for n in range(need)],
            batch_size=2000,
        )
        if kids and kids[0].pk is None:
            kids = list(Child.objects.filter(reference__startswith="BX").order_by("reference"))
        cases = []
        for child in kids:
            team = rng.choice(teams)
            cases.append(
                Case(
                    child=child,
                    team=team,
                    allocated_worker_id=rng.choice(workers.get(team.pk) or [None]),
                    case_type=rng.choice(CASE_TYPES[team.service.kind]),
                    opened_on=date.fromordinal(today.toordinal() - rng.randint(5, 900)),
                )
            )
        Case.objects.bulk_create(cases, batch_size=2000)
    return need


def more_submissions(limit: int) -> int:
    """More of this month's audits arrive for moderation, through the services."""
    from django.db import transaction

    from assure.audits import services
    from assure.audits.models import Audit, Cycle
    from assure.demo.audits import demo_responses

    rng = random.Random(7)
    cycle = Cycle.objects.order_by("-starts_on").first()
    waiting = list(
        Audit.objects.filter(
            cycle=cycle, status__in=[Audit.Status.ALLOCATED, Audit.Status.IN_PROGRESS]
        )
        .exclude(auditor__username="demo-auditor")
        .select_related("tool", "auditor")
        .order_by("pk")[:limit]
    )
    with transaction.atomic():
        for audit in waiting:
            saved = services.audit_save_draft(
                actor=audit.auditor,
                audit_id=audit.pk,
                version=audit.version,
                responses=demo_responses(rng, audit.tool.parsed, rng.randint(2, 3)),
            )
            services.audit_submit(
                actor=audit.auditor,
                audit_id=audit.pk,
                version=saved.version,
                grade=rng.choice(["good", "requires_improvement"]),
            )
    return len(waiting)


def time_sampling(repeats: int) -> tuple[list[float], int, int]:
    """Seconds per whole `sample_draw` call, each in a transaction rolled back afterwards."""
    from django.db import transaction

    from assure.audits import services
    from assure.core import clock
    from assure.org.models import User

    qa = User.objects.get(username="demo-qa")
    times: list[float] = []
    drawn = eligible = 0
    for n in range(repeats):
        with transaction.atomic():
            cycle = services.cycle_create(
                actor=qa, year=2090 + n, number=1, starts_on=date(2090 + n, 1, 1)
            )
            started = time.perf_counter()
            sample = services.sample_draw(
                actor=qa,
                cycle=cycle,
                round=1,
                target=SAMPLE_TARGET,
                seed=1000 + n,
                on=clock.today(),
            )
            times.append(time.perf_counter() - started)
            drawn, eligible = sample.items.count(), sample.eligible_cases
            transaction.set_rollback(True)
    return times, drawn, eligible


# Main ------------------------------------------------------------------------------------


@contextmanager
def bench_database(opts: Options) -> Iterator[str | None]:
    """None for SQLite in the temp dir; else a throwaway PostgreSQL database's URL."""
    if not opts.database_url:
        yield None
        return
    with pages.postgres_database(opts.database_url, opts.database_name, keep=opts.keep) as url:
        yield url


def run(opts: Options) -> int:
    started = time.perf_counter()
    var_dir = Path(tempfile.mkdtemp(prefix="assure-bench-audits-"))
    results: list[pages.Result] = []
    try:
        with bench_database(opts) as database_url:
            env = pages.child_environment(var_dir, database_url, opts.password)
            where = pages._redacted(database_url) if database_url else "SQLite in the temp dir"
            print(f"Throwaway environment in {var_dir} ({where})")
            pages.assure(env, "migrate", "--noinput", "--verbosity", "0")
            print(f"    {pages.assure(env, 'demo', 'load')}")
            pages.assure(env, "collectstatic", "--noinput", "--verbosity", "0")

            pages.setup_django(env)
            dashboard = dashboard_path()
            checked: list[tuple[str, str, str | None]] = [
                ("moderation queue (moderator)", "/audits/moderation/", "demo-moderator"),
                ("moderation queue (QA unit)", "/audits/moderation/", "demo-qa"),
                (f"QA dashboard {dashboard}", dashboard, "demo-qa"),
            ]
            small_size = audit_count()
            small = pages.query_counts(checked)

            step = time.perf_counter()
            from assure.demo.audits import audits_history_load

            added = audits_history_load(cycles=HISTORY_CYCLES, per_round=HISTORY_PER_ROUND)
            print(
                f"  added {added} finalised audits in {HISTORY_CYCLES} earlier cycles "
                f"({HISTORY_PER_ROUND} a month)   {time.perf_counter() - step:6.1f} s"
            )
            step = time.perf_counter()
            cases = top_up_open_cases(OPEN_CASES)
            print(
                f"  added {cases} open cases (to {OPEN_CASES:,})"
                f"{'':<27}{time.perf_counter() - step:6.1f} s"
            )
            step = time.perf_counter()
            arrived = more_submissions(120)
            print(
                f"  {arrived} more audits submitted for moderation"
                f"{'':<20}{time.perf_counter() - step:6.1f} s"
            )
            large_size = audit_count()
            large = pages.query_counts(checked)

            times, drawn, eligible = time_sampling(opts.repeats)
            pages.close_django()

            with pages.gunicorn(env, var_dir, opts) as port:
                print(
                    f"gunicorn on {pages.HOST}:{port}: {opts.workers} workers x {opts.threads} "
                    f"threads; {opts.clients} clients, {opts.warmup:g} s warm-up + "
                    f"{opts.seconds:g} s per page"
                )
                sessions = {
                    username: pages.sign_in_many(port, username, opts.password, opts.clients)
                    for username in ("demo-moderator", "demo-qa")
                }
                for name, path, username in checked:
                    assert username is not None
                    cookies: list[str | None] = list(sessions[username])
                    results.append(pages.measure(port, name, path, cookies, opts))
    finally:
        pages.close_django()
        if opts.keep:
            print(f"Kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)

    median = statistics.median(times)
    print()
    print(
        f"Sampling: {drawn} cases drawn from {eligible:,} eligible open cases; "
        f"{len(times)} draws, median {median * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
    )
    print()
    print(
        f"{'page':<44} {'queries':>15} {'requests':>8} {'errors':>6} {'req/s':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7}"
    )
    print(f"{'':<44} {f'{small_size}/{large_size} audits':>15}")
    for r in results:
        counts = f"{small.get(r.name, 0)} / {large.get(r.name, 0)}"
        print(
            f"{r.name:<44} {counts:>15} {r.requests:>8} {r.errors:>6} {r.rps:>7.1f} "
            f"{r.percentile_ms(50):>7.1f} {r.percentile_ms(95):>7.1f}"
        )
    clean = all(r.errors == 0 for r in results)
    for r in results:
        if r.errors:
            detail = ", ".join(f"{s or 'no connection'}: {n}" for s, n in r.statuses.items())
            print(f"ERRORS  {r.name}: {detail}")

    print()
    print(
        f"Goals: sampling median under {GOAL_SAMPLE_S:.0f} s; each page p95 under "
        f"{GOAL_P95_MS:.0f} ms with the same query count at {small_size} and {large_size} audits"
    )
    met = median < GOAL_SAMPLE_S
    print(f"  {'sampling':<44} {'PASS' if met else 'MISS'}  median {median * 1000:.0f} ms")
    for r in results:
        misses = []
        if not r.percentile_ms(95) < GOAL_P95_MS:
            misses.append(f"p95 {r.percentile_ms(95):.0f} ms")
        if large.get(r.name, 0) > small.get(r.name, 0):
            misses.append(f"queries grew {small.get(r.name)} -> {large.get(r.name)}")
        if r.errors:
            misses.append(f"{r.errors} non-200 responses")
        met = met and not misses
        print(f"  {r.name:<44} {'PASS' if not misses else 'MISS  ' + '; '.join(misses)}")
    print(
        f"\nFinished in {time.perf_counter() - started:.0f} s. Figures from a shared or busy "
        "machine are noisy; compare runs on the same machine."
    )
    if not clean:
        return 1
    return 2 if opts.strict and not met else 0


def main(argv: list[str] | None = None) -> int:
    return pages.run_benchmark(run, parse_options(argv))


if __name__ == "__main__":
    sys.exit(main())
