"""Schemathesis against the API in-process: no answer is a 500, none is undocumented.

Schemathesis reads the OpenAPI document the API serves and makes requests of
the right shape for every operation, as a practitioner, as the QA unit and as an
elected member (each with a bearer token). Every answer must not be a server
error, and its status must be one the document lists for that operation.
Half the identifiers it generates are pointed at the sample records (an audit,
a meeting, an alert, a cycle, a child), so the checks behind "not found" are
reached too. The run is seeded and small so it stays well under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from assure.core.tokens import api_token_issue
from tests.api.test_api_walk import PATH_VALUES
from tests.walks.samples import Samples

ROLES_ASKING = ["practitioner", "qa_pdm", "elected_member"]

# Read as a client reads it: the document the running app serves, over WSGI.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Generated examples only: the coverage phase's hundreds of boundary and malformed
# cases per operation would double the run, and every operation's refusals are asked
# by every role in the walk (test_api_walk.py).
schema.config.phases.coverage.enabled = False


def _point_at_samples(case: Any, samples: Samples) -> None:
    """Name the sample record (as the walk does) where the generated value is even."""
    for name, value in (case.path_parameters or {}).items():
        even = (value if isinstance(value, int) else len(str(value))) % 2 == 0
        if name in PATH_VALUES and even:
            case.path_parameters[name] = PATH_VALUES[name](samples)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Requests here run through Django's real WSGI handler, which closes the database
    connection when a request ends; inside a test that is the test's own transaction
    (PostgreSQL then answers "the connection is closed"). Django's test client steps
    around this the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES_ASKING)
@schema.parametrize()
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_no_undocumented_status(
    case: Any, role: str, samples: Samples, db: Any
) -> None:
    # A token for each case: a case that revokes its own spoils no other.
    token = api_token_issue(user=samples.world.user(role))
    _point_at_samples(case, samples)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance],
    )
