"""The busiest pages run a fixed number of queries, whatever the size of the authority."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.org.models import Case, Child, Team, User
from tests.conftest import World


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def grow(world: World, n: int) -> None:
    """Add teams, workers and cases so that N+1 patterns would show."""
    for i in range(n):
        team = Team.objects.create(name=f"Extra {i}", service=world.csw, district=world.district_a)
        worker = User.objects.create(username=f"extra{i}", team=team)
        children = Child.objects.bulk_create(
            [Child(reference=f"X{i}-{j}", age_band="5_9") for j in range(20)]
        )
        Case.objects.bulk_create(
            [
                Case(
                    child=c,
                    team=team if j % 2 else world.team_a,
                    allocated_worker=worker,
                    case_type="cin",
                    opened_on=date(2026, 1, 1),
                )
                for j, c in enumerate(children)
            ]
        )
        Case.objects.bulk_create(
            [
                Case(
                    child=c,
                    team=world.team_a,
                    allocated_worker=world.user("practitioner"),
                    case_type="cp",
                    opened_on=date(2026, 2, 1),
                )
                for c in children[:3]
            ]
        )


# (role, url) -> the pinned number of queries. Change a number only with a reason.
PINNED = {
    ("director", "/"): 8,
    ("practitioner", "/"): 8,
    ("team_manager", "/"): 10,
    ("elected_member", "/"): 4,
    ("director", "/cases/?team={team}"): 6,
    ("team_manager", "/cases/"): 6,
    ("practitioner", "/cases/"): 5,
    ("elected_member", "/authority/"): 3,
    ("administrator", "/admin/people/"): 5,
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "url"), list(PINNED))
def test_query_counts_are_pinned_and_flat(
    world: World, client_for: Any, role: str, url: str
) -> None:
    url = url.format(team=world.team_a.pk)
    client = client_for(role)
    client.get(url)  # warm the session
    small = queries(client, url)
    grow(world, 12)
    large = queries(client_for(role), url)  # a fresh request, as after a new sign-in
    client.get(url)
    assert queries(client, url) == small, "the query count grows with the data"
    assert small == PINNED[(role, url.replace(str(world.team_a.pk), "{team}"))]
    assert large >= small
