"""Walks every URL the project routes, as anonymous and as every role.

Each view must carry `assure_permission` (from `requires`) or `assure_public`;
a new page without either fails here, so no page can ship unprotected. The
expected answer for each role comes from the one permission table, and a few
answers that matter most are also spelled out by hand below.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from assure.org.models import RoleAssignment
from assure.org.roles import ROLES
from tests.conftest import World

ROLE_KEYS = [*ROLES, "nobody"]


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner or namespace)
        elif isinstance(p, URLPattern):
            p.assure_namespace = namespace  # type: ignore[attr-defined]
            yield prefix + str(p.pattern), p


def site_patterns() -> list[tuple[str, URLPattern]]:
    """The server-rendered pages (the API has its own walk below)."""
    return [
        (route, p)
        for route, p in walk(get_resolver().url_patterns)
        if not route.startswith("api/") and not route.startswith("static/")
    ]


def sample_kwargs(world: World, pattern: URLPattern) -> dict[str, Any]:
    names = pattern.pattern.converters.keys()
    kwargs: dict[str, Any] = {}
    for name in names:
        if name == "case_id":
            kwargs[name] = world.cases["own"].pk
        elif name == "team_id":
            kwargs[name] = world.team_a.pk
        elif name == "person_id":
            kwargs[name] = world.user("practitioner").pk
        elif name == "entity":
            kwargs[name] = "teams"
        elif name == "pk":
            if pattern.name == "admin-role-remove":
                kwargs[name] = RoleAssignment.objects.filter(user=world.user("analyst")).first().pk  # type: ignore[union-attr]
            elif pattern.name == "admin-person-roles":
                kwargs[name] = world.user("practitioner").pk
            else:
                kwargs[name] = world.team_a.pk
        else:
            raise AssertionError(f"The URL walk has no sample value for <{name}>: add one")
    return kwargs


def build_url(route_pattern: URLPattern, world: World) -> str:
    from django.urls import reverse

    name = f"{route_pattern.assure_namespace}:{route_pattern.name}"  # type: ignore[attr-defined]
    return reverse(name, kwargs=sample_kwargs(world, route_pattern))


def test_every_view_declares_who_may_use_it() -> None:
    undeclared = [
        route
        for route, p in site_patterns()
        if not getattr(p.callback, "assure_permission", None)
        and not getattr(p.callback, "assure_public", False)
    ]
    assert undeclared == [], f"Views without @requires or @public: {undeclared}"


@pytest.mark.django_db
def test_walk_every_url_for_every_role(world: World, client_for: Any) -> None:
    failures = []
    for route, pattern in site_patterns():
        url = build_url(pattern, world)
        perm = getattr(pattern.callback, "assure_permission", None)
        for role in ["anonymous", *ROLE_KEYS]:
            response = client_for(role).get(url)
            status = response.status_code
            if perm is None:  # public
                ok = status in (200, 302, 405)
                expected = "public (200, 302 or 405)"
            elif role == "anonymous":
                ok = status == 302 and response["Location"].startswith("/sign-in/?next=")
                expected = "302 to sign-in"
            elif role != "nobody" and perm in ROLES[role].perms:
                ok = status in (200, 405)  # 405: a POST-only action answered a GET
                expected = "200"
            else:
                ok = status in (403, 404)
                expected = "403"
            if not ok:
                failures.append(f"{route} as {role}: {status}, expected {expected}")
    assert failures == [], "\n".join(failures)


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
def test_the_answers_that_matter_most(client_for: Any, role: str, url: str, status: int) -> None:
    assert client_for(role).get(url).status_code == status


@pytest.mark.django_db
def test_api_refuses_anonymous_requests(client_for: Any) -> None:
    from assure.api.urls import api

    anonymous = client_for("anonymous")
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
