"""Several workers, one database: a load test of the demo county on PostgreSQL.

Creates a throwaway PostgreSQL database (`assure_load`, dropped before and after),
loads the demo county, then runs Assure as production does: 4 gunicorn workers
(4 threads each), 2 task workers (`assure db_worker`) and the scheduler. Locust
then holds 20 users of mixed roles (practitioners, auditors, moderators, the QA
unit, chairs, directors, members) for 5 minutes, each signing in through the
real form and opening their day's pages; the QA unit also asks for accountability
packs, which the task workers make in the background, and follows each to its
file. Prints p50 and p95 per page and the errors; exits 1 on any error.

With `--restart-postgres`, PostgreSQL is restarted half way through: requests in
the few seconds it is down may fail (counted apart), and every request after it
must succeed again with no restart of Assure.

    .venv/bin/pip install -r requirements/bench.txt     # locust (not needed by the tests)
    .venv/bin/python benchmarks/load.py [--users 20] [--minutes 5] [--restart-postgres]

Only 127.0.0.1 is ever sent a request; every loop is bounded by --minutes.
"""

# Locust patches the standard library with gevent when it is imported: first.
from locust import HttpUser, between, events, task  # isort: skip
from locust.env import Environment  # isort: skip

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import gevent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import (  # after locust patched the standard library
    DEFAULT_POSTGRES_URL,
    HOST,
    ROOT,
    assure,
    child_environment,
    free_port,
    postgres_database,
    stop,
    wait_for_health,
)

PASSWORD = os.environ.get("ASSURE_DEMO_PASSWORD", "demo-password-only")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')
DOCUMENT = re.compile(r"/documents/[0-9a-f-]{36}/")
FAULT_WINDOW = 30.0  # seconds after a restart in which a failure is counted as the fault's

fault_at: list[float] = []
fault_failures: list[str] = []


class Staff(HttpUser):
    """One member of staff: signs in once, then opens their pages with pauses."""

    abstract = True
    username = ""
    pages: tuple[tuple[str, str], ...] = ()
    wait_time = between(1, 3)

    def on_start(self) -> None:
        form = self.client.get("/sign-in/", name="sign-in form")
        token = CSRF_INPUT.search(form.text)
        assert token, "no CSRF token on the sign-in form"
        self.client.post(
            "/sign-in/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": self.username,
                "password": PASSWORD,
                "next": "",
            },
            headers={"Referer": f"{self.host}/sign-in/"},
            name="sign in",
        )

    @task(10)
    def a_page(self) -> None:
        name, path = random.choice(self.pages)
        self.client.get(path, name=name)


def staff(username: str, weight: int, *pages: tuple[str, str]) -> type[Staff]:
    return type(
        f"User_{username.replace('-', '_')}",
        (Staff,),
        {"username": username, "pages": pages, "weight": weight, "abstract": False},
    )


class QAUnit(Staff):
    """The QA unit: its dashboards, and now and then a pack made in the background."""

    username = "demo-qa"
    weight = 3
    pages = (
        ("home", "/"),
        ("QA unit's dashboards", "/audits/insight/"),
        ("chairs' dashboard", "/chairs/dashboard/"),
        ("audit cycles", "/audits/cycles/"),
    )

    @task(1)
    def a_pack(self) -> None:
        asked = self.client.get(
            "/chairs/pack/?format=pdf", name="ask for a pack (PDF)", allow_redirects=False
        )
        found = DOCUMENT.search(asked.headers.get("Location", ""))
        if found is None:
            return  # the failure, if any, is already counted
        for _ in range(60):  # bounded: a minute at most
            page = self.client.get(found.group(0), name="document page")
            if "Your document is ready" in page.text:
                self.client.get(found.group(0) + "file", name="document file")
                return
            if "could not be made" in page.text:
                events.request.fire(
                    request_type="DOC",
                    name="document made",
                    response_time=0,
                    response_length=0,
                    exception=RuntimeError("the document failed"),
                )
                return
            gevent.sleep(1)


USERS: list[type[Staff]] = [
    staff(
        "demo-practitioner",
        4,
        ("home", "/"),
        ("my actions", "/actions/"),
        ("cases", "/cases/"),
    ),
    staff("demo-auditor", 4, ("home", "/"), ("audits", "/audits/"), ("actions", "/actions/")),
    staff(
        "demo-moderator",
        3,
        ("home", "/"),
        ("moderation queue", "/audits/moderation/"),
        ("alerts list", "/chairs/alerts/"),
    ),
    QAUnit,
    staff("demo-chair", 2, ("home", "/"), ("meetings", "/chairs/")),
    staff(
        "demo-director",
        2,
        ("home", "/"),
        ("performance home", "/insight/"),
        ("chairs' dashboard", "/chairs/dashboard/"),
    ),
    staff("demo-member", 2, ("home", "/"), ("performance home", "/insight/")),
]


@events.request.add_listener
def _note_fault_failures(name: str, exception: Any, **_: Any) -> None:
    if exception is not None and fault_at and time.monotonic() - fault_at[0] < FAULT_WINDOW:
        fault_failures.append(name)


def start(env: dict[str, str], var_dir: Path, port: int) -> list[subprocess.Popen[bytes]]:
    """4 web workers, 2 task workers and the scheduler, as the README runs them."""
    log = (var_dir / "processes.log").open("w")
    web = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:assure.config.gunicorn",
        "assure.config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "4",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
    ]
    task = [sys.executable, "-m", "assure.cli", "db_worker", "--interval", "1"]
    scheduler = [sys.executable, "-m", "assure.cli", "scheduler"]
    return [
        subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        for cmd in (web, task, task, scheduler)
    ]


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    fault_at.append(time.monotonic())
    print(f"  restarting PostgreSQL {version} ...", flush=True)
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    print(f"  PostgreSQL is back after {time.monotonic() - fault_at[0]:.1f} s", flush=True)


def report(environment: Environment) -> int:
    stats = environment.stats
    print()
    print(f"{'page':<26} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        print(
            f"{entry.name:<26} {entry.num_requests:>8} {entry.num_failures:>6} "
            f"{entry.get_response_time_percentile(0.5):>7.0f} "
            f"{entry.get_response_time_percentile(0.95):>7.0f} {entry.max_response_time:>7.0f}"
        )
    total = stats.total
    print(
        f"{'all':<26} {total.num_requests:>8} {total.num_failures:>6} "
        f"{total.get_response_time_percentile(0.5):>7.0f} "
        f"{total.get_response_time_percentile(0.95):>7.0f} {total.max_response_time:>7.0f}"
    )
    for error in stats.errors.values():
        print(f"ERROR {error.occurrences} x {error.method} {error.name}: {error.error}")
    outside = total.num_failures - len(fault_failures)
    if fault_at:
        print(
            f"{len(fault_failures)} request(s) failed within {FAULT_WINDOW:.0f} s of the restart; "
            f"{outside} failed outside it (goal: 0)"
        )
    return 1 if outside else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--restart-postgres", action="store_true")
    args = parser.parse_args()
    server = args.database_url or DEFAULT_POSTGRES_URL
    var_dir = Path(tempfile.mkdtemp(prefix="assure-load-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        with postgres_database(server, "assure_load", keep=False) as url:
            env = child_environment(var_dir, url, PASSWORD)
            assure(env, "migrate", "--noinput", "--verbosity", "0")
            assure(env, "demo", "load")
            assure(env, "collectstatic", "--noinput", "--verbosity", "0")
            port = free_port()
            processes = start(env, var_dir, port)
            wait_for_health(processes[0], port, var_dir / "processes.log")
            print(
                f"4 web workers, 2 task workers and the scheduler on {HOST}:{port}; "
                f"{args.users} users for {args.minutes:g} min"
            )
            environment = Environment(
                user_classes=USERS, events=events, host=f"http://{HOST}:{port}"
            )
            runner = environment.create_local_runner()
            runner.start(args.users, spawn_rate=4)
            seconds = args.minutes * 60
            if args.restart_postgres:
                gevent.spawn_later(seconds / 2, restart_postgres)
            gevent.spawn_later(seconds, runner.quit)
            runner.greenlet.join()
            status = report(environment)
            if status:
                log = (var_dir / "processes.log").read_text(errors="replace")
                print("The servers' log, last 60 lines:\n" + "\n".join(log.splitlines()[-60:]))
            for proc in processes:
                stop(proc)
            processes = []
            return status
    finally:
        for proc in processes:
            stop(proc)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
