from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from assure.programmes import services
from assure.programmes.models import Programme
from tests.conftest import World


def api_client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def coa(world: World) -> Programme:
    return services.programme_create(
        actor=world.user("qa_pdm"),
        kind="coa",
        title="District A visit",
        starts_on="2026-10-05",
        ends_on="2026-10-09",
        district=world.district_a.name,
    )
