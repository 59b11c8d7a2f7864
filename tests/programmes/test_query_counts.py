"""Programme pages and the API run a fixed number of queries, however many rows they show."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from assure.programmes import services
from assure.programmes.models import Programme
from tests.conftest import World


def queries(client: Any, url: str) -> int:
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(world: World, programme: Programme, n: int, *, start: int = 0) -> None:
    qa = world.user("qa_pdm")
    for i in range(start, start + n):
        services.programme_create(
            actor=qa,
            kind="thematic",
            title=f"More {i}",
            starts_on="2026-10-01",
            ends_on="2026-10-02",
        )
        services.programme_finding_add(
            actor=qa, programme_id=programme.pk, text_=f"F{i}", theme="T", kind="strength"
        )
        services.programme_line_add(actor=qa, programme_id=programme.pk, text_=f"L{i}")
        services.programme_action_add(
            actor=qa,
            programme_id=programme.pk,
            description=f"A{i}",
            owner="team_manager",
            due_date="2099-01-01",
        )
        services.observation_start(
            actor=qa, programme_id=programme.pk, setting="home_visit", observed_on="2026-10-06"
        )
    for role in ("team_manager", "service_manager", "director")[start : start + n]:
        services.programme_member_add(
            actor=qa, programme_id=programme.pk, username=role, role="member"
        )


def test_pages_and_api_do_not_grow_with_rows(world: World, coa: Programme, client_for: Any) -> None:
    urls = [
        "/programmes/",
        f"/programmes/{coa.pk}/",
        "/api/v1/programmes",
        f"/api/v1/programmes/{coa.pk}",
    ]
    qa = client_for("qa_pdm")
    services.programme_sample_draw(actor=world.user("qa_pdm"), programme_id=coa.pk, size=1, seed=1)
    grow(world, coa, 1)  # one of everything, so that the page shows each part
    small = {url: queries(qa, url) for url in urls}
    grow(world, coa, 4, start=1)
    services.programme_sample_draw(actor=world.user("qa_pdm"), programme_id=coa.pk, size=2, seed=2)
    large = {url: queries(qa, url) for url in urls}
    assert large == small
