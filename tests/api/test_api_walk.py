"""Walks every operation of the API's OpenAPI document, as anonymous and as every role.

Each operation is its own test. Every role asks with a bearer token and with a
signed-in session; writes are sent once empty and once with a body of the
right shape (so the permission checks behind the validation are reached).
Nothing may answer 500, anonymous gets 401, and every answer is one that
`expected_status` allows (tests/walks/expect.py). A second test per operation
checks that each status answered is one the OpenAPI document lists for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from assure.api.urls import api
from assure.core.roles import ROLES
from assure.core.tokens import api_token_issue
from tests.walks.expect import (
    ANONYMOUS,
    API_PERMISSIONS,
    NO_ROLE,
    Route,
    expected_status,
    holds,
)
from tests.walks.samples import Samples, sample_document, sample_programme

DOCUMENT = api.get_openapi_schema()
OPERATIONS: dict[str, tuple[str, str, dict[str, Any]]] = {
    f"{method.upper()} {path}": (method.upper(), path, operation)
    for path, methods in DOCUMENT["paths"].items()
    for method, operation in methods.items()
}
LISTS = {"GET /api/v1/audits", "GET /api/v1/meetings", "GET /api/v1/alerts"}
LISTS.add("GET /api/v1/notifications")
LISTS.add("GET /api/v1/feedback")
LISTS.add("GET /api/v1/programmes")

# Operations answering a status their OpenAPI document does not list, found by
# this walk: operation -> the undocumented statuses. Each is a gap in the
# document; the case fails loudly once the document lists them (strict xfail).
UNDOCUMENTED: dict[str, str] = {}

# Operations answering 500 for someone today: operation -> why.
KNOWN_FAULTS: dict[str, str] = {}

PATH_VALUES = {
    "reference": lambda s: s.world.cases["own"].child.reference,
    "cycle_id": lambda s: s.audit.cycle_id,
    "audit_id": lambda s: s.audit.pk,
    "meeting_id": lambda s: s.meeting.pk,
    "alert_id": lambda s: s.alert.pk,
    "task": lambda s: sample_document(s.world).token,  # the practitioner's: 404 to others
    "report_id": lambda s: "triannual-report",  # a report of the reporting schedule
    "programme_id": lambda s: sample_programme(s.world).pk,
}
QUERY_VALUES: dict[str, Any] = {"la": "886", "year": 2025}  # benchmarks: a known authority


@dataclass(frozen=True)
class Answer:
    who: str  # the identity and how it asked: "anonymous", "token:director", "session:iro"
    body: str  # "none", "empty" or "shaped"
    status: int
    content: bytes


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = DOCUMENT["components"]["schemas"][name]
    return schema


def shaped(schema: dict[str, Any]) -> Any:
    """A value of the right shape for `schema` (required fields only), content aside."""
    schema = resolve(schema)
    if "anyOf" in schema:
        return shaped(next(s for s in schema["anyOf"] if s.get("type") != "null"))
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {k: shaped(v) for k, v in schema.get("properties", {}).items() if k in required}
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if schema.get("format") == "date":
        return "2026-10-01"
    return "Checked by the walk"


def url_for(samples: Samples, path: str, operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    query: dict[str, Any] = {}
    for param in operation.get("parameters", []):
        name = param["name"]
        if param["in"] == "path":
            path = path.replace("{" + name + "}", str(PATH_VALUES[name](samples)))
        elif param.get("required"):
            query[name] = QUERY_VALUES[name]
    return path, query


def route_for(key: str, body: str) -> Route:
    method, path, _ = OPERATIONS[key]
    return Route(
        kind="api",
        method=method,
        path=path,
        perm=API_PERMISSIONS[key],
        listing=key in LISTS,
        shaped=body in ("shaped", "none"),  # "none": the operation takes no body
    )


def identities(samples: Samples) -> list[tuple[str, str, Client]]:
    """(role, who, client): anonymous, then every role by token and by session."""
    out = [(ANONYMOUS, ANONYMOUS, Client())]
    for role in [*ROLES, NO_ROLE]:
        user = samples.world.user(role)
        token = api_token_issue(user=user)
        out.append((role, f"token:{role}", Client(HTTP_AUTHORIZATION=f"Bearer {token}")))
        session = Client()
        session.force_login(user)
        out.append((role, f"session:{role}", session))
    return out


def ask(client: Client, method: str, url: str, query: dict[str, Any], body: Any) -> Any:
    if method == "GET":
        return client.get(url, query)
    data = "" if body is None else json.dumps(body)
    return client.generic(method, url, data, content_type="application/json")


_ANSWERS: dict[str, list[tuple[str, Answer]]] = {}


def answers(samples: Samples, key: str) -> list[tuple[str, Answer]]:
    """Every identity's answer from one operation, asked once per test process.

    Made inside the savepoint of whichever test asks first, so the writes it
    makes are rolled back with that test.
    """
    if key in _ANSWERS:
        return _ANSWERS[key]
    method, path, operation = OPERATIONS[key]
    url, query = url_for(samples, path, operation)
    bodies: list[tuple[str, Any]] = [("none", None)]
    if method != "GET" and "requestBody" in operation:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        bodies = [("empty", {}), ("shaped", shaped(schema))]
    out = []
    everyone = identities(samples)
    if API_PERMISSIONS[key] is None:  # open: who asks makes no difference
        everyone = everyone[:1]  # and failed sign-ins would only lock the address out
    for role, who, client in everyone:
        for body_name, body in bodies:
            response = ask(client, method, url, query, body)
            out.append((role, Answer(who, body_name, response.status_code, response.content)))
    _ANSWERS[key] = out
    return out


def operation_params(known: dict[str, str], reason: str) -> list[Any]:
    return [
        pytest.param(
            key,
            id=key,
            marks=[pytest.mark.xfail(strict=True, reason=f"{reason}: {known[key]}")]
            if key in known
            else [],
        )
        for key in OPERATIONS
    ]


def test_every_operation_has_an_expectation() -> None:
    assert sorted(OPERATIONS) == sorted(API_PERMISSIONS)


@pytest.mark.parametrize("key", operation_params(KNOWN_FAULTS, "server error"))
def test_operation_as_everyone(samples: Samples, db: Any, key: str) -> None:
    failures = []
    for role, answer in answers(samples, key):
        route = route_for(key, answer.body)
        allowed = expected_status(role, route)
        if answer.status not in allowed:
            failures.append(
                f"{key} as {answer.who} ({answer.body} body): {answer.status}, "
                f"expected one of {sorted(allowed)}: {answer.content[:200]!r}"
            )
        elif (
            answer.status == 200
            and route.listing
            and route.perm
            and not holds(role, route.perm)
            and json.loads(answer.content) != []
        ):
            failures.append(f"{key} as {answer.who}: lists records it may not see")
        if answer.status >= 400 and b'"detail"' not in answer.content:
            failures.append(f"{key} as {answer.who}: {answer.status} without a detail")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("key", operation_params(UNDOCUMENTED, "undocumented status"))
def test_operation_answers_only_documented_statuses(samples: Samples, db: Any, key: str) -> None:
    documented = {int(s) for s in OPERATIONS[key][2]["responses"]}
    answered = {a.status for _, a in answers(samples, key)}
    assert answered <= documented, f"{key} answers {sorted(answered - documented)} undocumented"


# Revoking a token takes the bearer token alone: a session is refused (401) before CSRF.
BEARER_ONLY = {"DELETE /api/v1/auth/token"}


@pytest.mark.parametrize(
    "key",
    [
        k
        for k in OPERATIONS
        if OPERATIONS[k][0] != "GET" and API_PERMISSIONS[k] and k not in BEARER_ONLY
    ],
)
def test_session_write_without_csrf_token_is_refused(samples: Samples, db: Any, key: str) -> None:
    method, path, operation = OPERATIONS[key]
    role = next(r for r in ROLES if holds(r, API_PERMISSIONS[key]))  # type: ignore[arg-type]
    client = Client(enforce_csrf_checks=True)
    client.force_login(samples.world.user(role))
    url, query = url_for(samples, path, operation)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    response = ask(client, method, url, query, shaped(body["schema"]) if body else None)
    assert response.status_code == 403, f"{key} as {role}: {response.status_code}"
    assert "CSRF" in response.json()["detail"]
