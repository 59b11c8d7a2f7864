"""Walks every URL the project routes, as anonymous and as every role, GET and POST.

Each view must carry `assure_permission` (from `requires`) or `assure_public`;
a new page without either fails here, so no page can ship unprotected. Each
route is its own test (so parallel runs spread them), and the answer each
identity should get comes from `expected_status` (tests/walks/expect.py); a
few answers that matter most are also spelled out by hand below. The API has
its own walk in tests/api/test_api_walk.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern

from tests.walks.expect import ANONYMOUS, IDENTITIES, Route, expected_status, holds
from tests.walks.samples import Samples, build_url, site_patterns

# Routes that answer 500 for someone today: (method, route) -> why. Each is a real
# fault in the application; the case fails loudly once it is fixed (strict xfail).
KNOWN_FAULTS: dict[tuple[str, str], str] = {}

# Routes whose every answer builds the PDF report or the national benchmarks export:
# about three seconds for the walk of one route, so `make test-quick` leaves them out.
SLOW_ROUTES = {
    "insight/export/benchmarks/",
    "insight/report/snapshot/<int:snapshot_id>/report.pdf",
}


def route_for(method: str, pattern: URLPattern, path: str) -> Route:
    return Route(
        kind="page",
        method=method,
        path=path,
        perm=getattr(pattern.callback, "assure_permission", None),
        object_level=getattr(pattern.callback, "assure_object_level", False),
    )


def routes(method: str) -> list[Any]:
    params = []
    for path, pattern in site_patterns():
        marks = []
        fault = KNOWN_FAULTS.get((method, path))
        if fault:
            marks.append(pytest.mark.xfail(strict=True, reason=fault))
        if path in SLOW_ROUTES:
            marks.append(pytest.mark.slow)
        params.append(pytest.param(path, pattern, id=path or "home", marks=marks))
    return params


def signed_in(samples: Samples, who: str, **options: Any) -> Client:
    client = Client(**options)
    if who != ANONYMOUS:
        client.force_login(samples.world.user(who))
    return client


def answers_as_expected(route: Route, who: str, response: Any) -> str | None:
    """None when `who` got what they should from `route`, else a sentence saying what."""
    status = response.status_code
    allowed = expected_status(who, route)
    if status not in allowed:
        return f"{route.key} as {who}: {status}, expected one of {sorted(allowed)}"
    if route.perm is not None and who == ANONYMOUS:
        location = response.get("Location", "")
        if not location.startswith("/sign-in/?next="):
            return f"{route.key} as {who}: sent to {location!r}, not to sign in"
    return None


def walk_route(samples: Samples, method: str, path: str, pattern: URLPattern) -> None:
    route = route_for(method, pattern, path)
    url = build_url(pattern, samples.world)
    failures = []
    for who in IDENTITIES:
        client = signed_in(samples, who)
        response = client.get(url) if method == "GET" else client.post(url, {})
        failure = answers_as_expected(route, who, response)
        if failure:
            failures.append(failure)
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize(("path", "pattern"), routes("GET"))
def test_get_as_everyone(samples: Samples, db: Any, path: str, pattern: URLPattern) -> None:
    walk_route(samples, "GET", path, pattern)


@pytest.mark.parametrize(("path", "pattern"), routes("POST"))
def test_empty_post_as_everyone(samples: Samples, db: Any, path: str, pattern: URLPattern) -> None:
    """An empty form never breaks a page: anonymous is sent to sign in, a role without
    the permission is refused, and a holder gets the form back with its errors (or a
    405 where the route only reads)."""
    walk_route(samples, "POST", path, pattern)


@pytest.mark.parametrize(("path", "pattern"), routes("POST"))
def test_post_without_csrf_token_is_refused(
    samples: Samples, db: Any, path: str, pattern: URLPattern
) -> None:
    """A session POST without the CSRF token is refused before the view runs, even for
    someone who may use the page."""
    route = route_for("POST", pattern, path)
    who = next((r for r in IDENTITIES if route.perm is None or holds(r, route.perm)), ANONYMOUS)
    client = signed_in(samples, who, enforce_csrf_checks=True)
    response = client.post(build_url(pattern, samples.world), {})
    assert response.status_code == 403, f"{route.key} as {who}: {response.status_code}"
    # The styled CSRF failure page (core.views.csrf_failure), not a permission refusal.
    assert b"The form could not be sent" in response.content, f"{route.key}: not refused for CSRF"


def test_every_view_declares_who_may_use_it() -> None:
    undeclared = [
        route
        for route, p in site_patterns()
        if not getattr(p.callback, "assure_permission", None)
        and not getattr(p.callback, "assure_public", False)
    ]
    assert undeclared == [], f"Views without @requires or @public: {undeclared}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        ("elected_member", "/cases/", 403),
        ("elected_member", "/authority/", 200),
        ("partner", "/authority/", 403),
        ("practitioner", "/audit-trail/", 403),
        ("practitioner", "/admin/", 403),
        ("analyst", "/cases/", 403),
        ("administrator", "/cases/", 403),
        ("qa_pdm", "/audit-trail/", 200),
        ("administrator", "/audit-trail/", 200),
        ("director", "/admin/", 403),
        ("nobody", "/", 403),
    ],
)
def test_the_answers_that_matter_most(samples: Samples, role: str, url: str, status: int) -> None:
    assert signed_in(samples, role).get(url).status_code == status


@pytest.mark.django_db
def test_api_refuses_anonymous_requests(samples: Samples) -> None:
    from assure.api.urls import api

    anonymous = signed_in(samples, ANONYMOUS)
    open_paths = {"/auth/token"}
    checked = 0
    for router_prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/api/v1" + router_prefix + path
            if path in open_paths or "{" in path:
                continue
            for operation in path_view.operations:
                if "GET" not in operation.methods:
                    continue
                response = anonymous.get(full.replace("//", "/"))
                assert response.status_code == 401, full
                assert "detail" in response.json()
                checked += 1
    assert checked >= 2
