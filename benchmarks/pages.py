"""Page throughput against the demo county, served by gunicorn as in production.

Builds a throwaway environment (a temporary var directory and database), loads
the demo county, starts gunicorn on a free local port, signs in through the
real sign-in form and measures a few pages with concurrent keep-alive clients,
each holding its own session. Each page is compared with the floor: the health
check served by the same server, which does nothing but one `SELECT 1`.

    .venv/bin/python benchmarks/pages.py                  # SQLite in a temp dir
    .venv/bin/python benchmarks/pages.py --database-url   # local PostgreSQL

The goal for every page: at least a third of the floor's requests per second,
and a 95th-percentile latency under 150 ms. Any response other than 200 fails
the run (exit status 1). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import http.client
import logging
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
HOST = "127.0.0.1"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_PASSWORD = "demo-password-only"
BENCH_TEAM = "Ashmere Family Support"
GOAL_RATIO = 1 / 3
GOAL_P95_MS = 150.0
SETUP_TIMEOUT = 180  # seconds for each of migrate, demo load and collectstatic
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"')


# Options -----------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    seconds: float
    warmup: float
    clients: int
    workers: int
    threads: int
    database_url: str | None
    database_name: str
    password: str
    keep: bool
    strict: bool


def parse_options(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=5.0, help="measured seconds per page (default 5)"
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=1.0,
        help="unmeasured seconds of load before each page (default 1)",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=20,
        help="concurrent clients, each with its own session (default 20)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gunicorn worker (default 4)"
    )
    parser.add_argument(
        "--database-url",
        nargs="?",
        const=os.environ.get("DATABASE_URL") or DEFAULT_POSTGRES_URL,
        default=os.environ.get("DATABASE_URL") or None,
        metavar="URL",
        help="a PostgreSQL server to benchmark on instead of SQLite; the database named in it "
        "is only used to create and drop --database-name (default: $DATABASE_URL, else "
        f"{DEFAULT_POSTGRES_URL} when the flag is given without a value)",
    )
    parser.add_argument(
        "--database-name",
        default="assure_bench",
        help="the throwaway PostgreSQL database (default assure_bench); "
        "dropped before and after the run",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (and database) for inspection",
    )
    parser.add_argument(
        "--strict", action="store_true", help="also exit with status 2 when a page misses the goal"
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.warmup < 0 or args.clients < 1:
        parser.error("--seconds and --clients must be positive, --warmup not negative")
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")
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
        database_url=args.database_url,
        database_name=args.database_name,
        password=os.environ.get("ASSURE_DEMO_PASSWORD", DEFAULT_PASSWORD),
        keep=args.keep,
        strict=args.strict,
    )


# The throwaway environment ------------------------------------------------------


def _with_database(url: str, name: str) -> str:
    return urllib.parse.urlsplit(url)._replace(path=f"/{name}").geturl()


def _redacted(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()


@contextmanager
def postgres_database(server_url: str, name: str, *, keep: bool) -> Iterator[str]:
    """Create a dedicated database on the server, yield its URL, drop it afterwards."""
    import psycopg
    from psycopg import sql

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
            conn.execute(statement)

    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    run(drop)
    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        if not keep:
            run(drop)


def child_environment(var_dir: Path, database_url: str | None, password: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("OIDC_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        {
            "ASSURE_ENV": "local",
            "ASSURE_VAR_DIR": str(var_dir),
            "ASSURE_DEMO_PASSWORD": password,
            "DJANGO_SETTINGS_MODULE": "assure.config.settings.local",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p),
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def assure(env: dict[str, str], *args: str) -> str:
    """Run one `assure` command; show its output only when it fails, else return it."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "assure.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise RuntimeError(f"`assure {' '.join(args)}` failed with status {done.returncode}")
    print(f"  assure {' '.join(args):<44} {time.perf_counter() - started:6.1f} s")
    return done.stdout.strip()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], var_dir: Path, opts: Options) -> Iterator[int]:
    """Serve assure.config.wsgi on a free local port until the block ends."""
    port = free_port()
    log_path = var_dir / "gunicorn.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:assure.config.gunicorn",
                "assure.config.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(opts.workers),
                "--threads",
                str(opts.threads),
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_health(proc, port, log_path)
        yield port
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()  # gunicorn's arbiter stops its workers on SIGTERM
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # its own session: the arbiter and its workers
        proc.wait(timeout=5)


def wait_for_health(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited early:\n{log_path.read_text()[-3000:]}")
        try:
            status, _, _ = request(port, "GET", "/health/")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"gunicorn did not answer /health/ within 30 s:\n{log_path.read_text()[-3000:]}"
    )


# HTTP ---------------------------------------------------------------------------


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


IMAGE = re.compile(r'<img[^>]+src="(/[^"]+)"')


def first_view(port: int, path: str, cookie: str | None) -> tuple[float, int, int]:
    """A reader's first view: the page, then every image on it that Assure draws.

    Returns (seconds for all of it, one after another; the images; non-200 answers).
    """
    headers = {"Cookie": cookie} if cookie else {}
    started = time.perf_counter()
    status, _, html = request(port, "GET", path, headers=headers)
    bad = int(status != 200)
    images = [src.replace("&amp;", "&") for src in IMAGE.findall(html)]
    for src in images:
        status, _, _ = request(port, "GET", src, headers=headers)
        bad += int(status != 200)
    return time.perf_counter() - started, len(images), bad


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the sign-in form; return the Cookie header of the new session."""
    status, headers, html = request(port, "GET", "/sign-in/")
    match = CSRF_INPUT.search(html)
    csrf_cookie = cookies_from(headers).get("csrftoken")
    if status != 200 or not match or not csrf_cookie:
        raise RuntimeError(f"sign-in form for {username}: status {status}, no CSRF token")
    origin = f"http://{HOST}:{port}"
    status, headers, _ = request(
        port,
        "POST",
        "/sign-in/",
        body=urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "next": "",
                "username": username,
                "password": password,
            }
        ),
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": origin,
            "Referer": f"{origin}/sign-in/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    session = cookies_from(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"signing in as {username} failed: status {status}, no session")
    return f"csrftoken={csrf_cookie}; sessionid={session}"


def sign_in_many(port: int, username: str, password: str, count: int) -> list[str]:
    """`count` separate sessions, a few at a time (each sign-in is an argon2 hash)."""
    sessions: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    todo = iter(range(count))

    def work() -> None:
        while True:
            with lock:
                if next(todo, None) is None or failures:
                    return
            try:
                cookie = sign_in(port, username, password)
            except BaseException as exc:  # reported below, in the main thread
                with lock:
                    failures.append(exc)
                return
            with lock:
                sessions.append(cookie)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(2, count))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return sessions


# Load ---------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    path: str
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, measured 200s only
    statuses: Counter[int] = field(default_factory=Counter)  # 0: connection failure

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return self.requests - self.statuses[200]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, pct: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
        return ordered[rank] * 1000


def client(
    port: int,
    path: str,
    cookie: str | None,
    start: threading.Barrier,
    window: list[float],
    result: Result,
    lock: threading.Lock,
) -> None:
    """One keep-alive client: request `path` back to back until the window closes."""
    headers = {"Cookie": cookie} if cookie else {}
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    used = False
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    start.wait()
    measure_from, until = window
    while (began := time.perf_counter()) < until:
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            used = not response.will_close
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            if used:  # the server closed an idle keep-alive connection: retry, not an error
                used = False
                continue
            status = 0
        if began >= measure_from:
            statuses[status] += 1
            if status == 200:
                latencies.append(time.perf_counter() - began)
    conn.close()
    with lock:
        result.latencies += latencies
        result.statuses.update(statuses)


def measure(port: int, name: str, path: str, cookies: list[str | None], opts: Options) -> Result:
    result = Result(name=name, path=path, seconds=opts.seconds)
    lock = threading.Lock()
    window: list[float] = [0.0, 0.0]

    def open_window() -> None:  # runs once, as the last client reaches the barrier
        now = time.perf_counter()
        window[:] = [now + opts.warmup, now + opts.warmup + opts.seconds]

    start = threading.Barrier(len(cookies), action=open_window)
    threads = [
        threading.Thread(
            target=client, args=(port, path, cookie, start, window, result, lock), daemon=True
        )
        for cookie in cookies
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return result


# Queries, counted in this process with Django's test client ----------------------


def setup_django(env: dict[str, str]) -> None:
    for key in ("ASSURE_ENV", "ASSURE_VAR_DIR", "ASSURE_DEMO_PASSWORD", "DJANGO_SETTINGS_MODULE"):
        os.environ[key] = env[key]
    os.environ.pop("DATABASE_URL", None)
    if "DATABASE_URL" in env:
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    import django

    django.setup()


def team_id(name: str) -> int:
    from assure.org.models import Team

    return int(Team.objects.only("pk").get(name=name).pk)


HOMES = (
    "demo-practitioner",
    "demo-auditor",
    "demo-moderator",
    "demo-qa",
    "demo-chair",
    "demo-director",
    "demo-member",
    "demo-admin",
)


def key_pages() -> list[tuple[str, str, str | None]]:
    """The floor, then every key page of the issue, each as the person who uses it."""
    from django.urls import reverse

    from assure.audits.models import Audit
    from assure.org.models import Case, User

    auditor = User.objects.get(username="demo-auditor")
    audit = Audit.objects.filter(auditor=auditor).order_by("pk").first()
    team = team_id(BENCH_TEAM)
    case = Case.objects.filter(team_id=team, closed_on__isnull=True).order_by("pk").first()
    if audit is None or case is None:
        raise RuntimeError("the demo has no audit for demo-auditor or no open case in the team")
    return [
        ("floor: /health/", "/health/", None),
        *((f"home: {u.removeprefix('demo-')}", "/", u) for u in HOMES),
        ("team's case list", f"/cases/?team={team}", "demo-director"),
        ("a case", reverse("org:case", args=[case.pk]), "demo-director"),
        ("an audit", reverse("audits:detail", args=[audit.pk]), "demo-auditor"),
        ("moderation queue", reverse("audits:moderation"), "demo-moderator"),
        ("QA unit's dashboards", reverse("audits_insight:home"), "demo-qa"),
        ("chairs' dashboard", reverse("reviews:dashboard"), "demo-qa"),
        ("alerts list", reverse("reviews:alerts"), "demo-moderator"),
        ("performance home", reverse("insight:home"), "demo-director"),
    ]


def query_counts(pages: list[tuple[str, str, str | None]]) -> dict[str, int]:
    """Queries per request, once the session is warm (the second request of two)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assure.org.models import User

    counts: dict[str, int] = {}
    request_log = logging.getLogger("django.request")
    request_log.disabled = True  # a failing page is reported below, in one line
    try:
        for name, path, username in pages:
            browser = Client()
            if username:
                browser.force_login(User.objects.get(username=username))
            try:
                browser.get(path)  # the first request also stamps the session as seen
                with CaptureQueriesContext(connection) as captured:
                    response = browser.get(path)
            except Exception as exc:
                frames = traceback.extract_tb(exc.__traceback__)
                where = next(
                    (f for f in reversed(frames) if f.filename.startswith(str(SRC))), frames[-1]
                )
                raise RuntimeError(
                    f"{name}: GET {path} raised {type(exc).__name__}: {exc} "
                    f"({where.filename}:{where.lineno})"
                ) from exc
            if response.status_code != 200:
                raise RuntimeError(f"{name}: the test client got {response.status_code} for {path}")
            counts[name] = len(captured.captured_queries)
    finally:
        request_log.disabled = False
    return counts


def close_django() -> None:
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


# Report -------------------------------------------------------------------------


def report(results: list[Result], queries: dict[str, int]) -> tuple[bool, bool]:
    """Print the table and the verdicts; return (all 200, all pages meet the goal)."""
    floor = results[0]
    print()
    print(
        f"{'page':<28} {'queries':>7} {'requests':>8} {'errors':>6} {'req/s':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'vs floor':>8}"
    )
    for r in results:
        ratio = r.rps / floor.rps if floor.rps else float("nan")
        print(
            f"{r.name:<28} {queries.get(r.name, 0):>7} {r.requests:>8} {r.errors:>6} "
            f"{r.rps:>8.1f} {r.percentile_ms(50):>7.1f} {r.percentile_ms(95):>7.1f} "
            f"{ratio:>8.2f}"
        )
    clean = True
    for r in results:
        if r.errors:
            clean = False
            detail = ", ".join(
                f"{'connection failed' if s == 0 else s}: {n}"
                for s, n in sorted(r.statuses.items())
                if s != 200
            )
            print(f"ERRORS  {r.name} ({r.path}): {detail}")
    print()
    print(
        f"Goal: each page at least {GOAL_RATIO:.2f} x the floor's req/s "
        f"({floor.rps * GOAL_RATIO:.1f}) and p95 under {GOAL_P95_MS:.0f} ms"
    )
    met = True
    for r in results[1:]:
        ratio = r.rps / floor.rps if floor.rps else 0.0
        p95 = r.percentile_ms(95)
        misses = []
        if ratio < GOAL_RATIO:
            misses.append(f"throughput {ratio:.2f} x floor < {GOAL_RATIO:.2f}")
        if not p95 < GOAL_P95_MS:
            misses.append(f"p95 {p95:.0f} ms >= {GOAL_P95_MS:.0f} ms")
        if r.errors:
            misses.append(f"{r.errors} non-200 responses")
        met = met and not misses
        verdict = "PASS" if not misses else "MISS  " + "; ".join(misses)
        print(f"  {r.name:<28} {verdict}")
    return clean, met


# Main ---------------------------------------------------------------------------


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds through the clean-up below


@contextmanager
def bench_database(opts: Options) -> Iterator[str | None]:
    """The URL of the throwaway PostgreSQL database, or None for SQLite in the temp dir."""
    if not opts.database_url:
        yield None
        return
    with postgres_database(opts.database_url, opts.database_name, keep=opts.keep) as url:
        yield url


def run(opts: Options) -> int:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    var_dir = Path(tempfile.mkdtemp(prefix="assure-bench-"))
    try:
        with bench_database(opts) as database_url:
            env = child_environment(var_dir, database_url, opts.password)
            where = _redacted(database_url) if database_url else "SQLite in the temp dir"
            print(f"Throwaway environment in {var_dir} ({where})")
            assure(env, "migrate", "--noinput", "--verbosity", "0")
            print(f"    {assure(env, 'demo', 'load')}")
            assure(env, "collectstatic", "--noinput", "--verbosity", "0")

            setup_django(env)
            pages = key_pages()
            queries = query_counts(pages)
            close_django()

            with gunicorn(env, var_dir, opts) as port:
                print(
                    f"gunicorn on {HOST}:{port}: {opts.workers} workers x {opts.threads} "
                    f"threads; {opts.clients} clients, {opts.warmup:g} s warm-up + "
                    f"{opts.seconds:g} s per page"
                )
                sessions: dict[str, list[str]] = {}
                for username in sorted({u for _, _, u in pages if u}):
                    sessions[username] = sign_in_many(port, username, opts.password, opts.clients)
                # First views, before anything has been drawn or cached by the load below.
                first_views = [
                    (name, *first_view(port, path, sessions[username][0] if username else None))
                    for name, path, username in pages
                ]
                results = []
                for name, path, username in pages:
                    cookies: list[str | None] = (
                        list(sessions[username]) if username else [None] * opts.clients
                    )
                    results.append(measure(port, name, path, cookies, opts))
    finally:
        close_django()
        if opts.keep:
            print(f"Kept {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    clean, met = report(results, queries)
    print("\nFirst views (the page and each chart on it, one after another; goal under 0.5 s):")
    for name, seconds, images, bad in first_views:
        verdict = "PASS" if seconds < 0.5 and not bad else "MISS"
        print(f"  {name:<28} {seconds * 1000:7.0f} ms  {images:>2} chart(s)  {verdict}")
        clean = clean and not bad
    print(
        f"\nFinished in {time.perf_counter() - started:.0f} s on {os.cpu_count()} CPUs; load "
        f"average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after. Figures from a "
        "shared or busy machine are noisy; compare runs on the same machine."
    )
    if not clean:
        return 1
    return 2 if opts.strict and not met else 0


def run_benchmark(run: Callable[[Any], int], opts: Any) -> int:
    """Run a benchmark so that SIGTERM or SIGHUP still cleans up, and a failure reads plainly."""
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    try:
        return run(opts)
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    return run_benchmark(run, parse_options(argv))


if __name__ == "__main__":
    sys.exit(main())
