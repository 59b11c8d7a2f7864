"""GET and POST /api/v1/feedback as the contract writes them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from assure.core import clock
from assure.core.models import AuditEvent
from assure.feedback import services
from tests.conftest import World

pytestmark = pytest.mark.django_db
URL = "/api/v1/feedback"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with clock.frozen(date(2026, 10, 5)):
        yield


def post(client: Any, body: dict[str, Any]) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def test_staff_record_feedback_and_get_201(world: World, client_for: Any) -> None:
    answer = post(
        client_for("practitioner"),
        {
            "channel": "partner",
            "received_on": "2026-10-01",
            "text": "The school found the plan clear.",
            "team": "A Family Support",
            "rating": 4,
            "themes": ["Plans"],
        },
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["channel"] == "partner" and body["team"] == "A Family Support"
    assert body["district"] == "District A" and body["themes"] == ["Plans"]
    assert body["rating"] == 4 and body["response"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channel": "carrier_pigeon"}, "channel"),
        ({"rating": 6}, "rating"),
        ({"received_on": "yesterday"}, "received_on"),
        ({"text": ""}, "text"),
        ({"team": "No Such Team"}, "team"),
    ],
)
def test_bad_input_names_the_field(
    world: World, client_for: Any, change: dict[str, Any], field: str
) -> None:
    body = {"channel": "staff", "received_on": "2026-10-01", "text": "Fine.", **change}
    answer = post(client_for("qa_pdm"), body)
    assert answer.status_code == 400
    assert field in answer.json()["detail"]


def test_anonymous_and_elected_members_cannot_post(world: World, client_for: Any) -> None:
    body = {"channel": "staff", "received_on": "2026-10-01", "text": "Fine."}
    assert post(client_for("anonymous"), body).status_code == 401
    assert post(client_for("elected_member"), body).status_code == 403


def test_list_filters_and_hides_text_from_those_who_may_not_read_it(
    world: World, client_for: Any
) -> None:
    qa = world.user("qa_pdm")
    for channel, day in [("child", date(2026, 9, 1)), ("complaint", date(2026, 10, 2))]:
        services.feedback_record(
            actor=qa, channel=channel, received_on=day, text=f"About {channel}."
        )
    everything = client_for("qa_pdm").get(URL).json()
    assert {i["channel"] for i in everything} == {"child", "complaint"}
    assert all(i["text"].startswith("About") for i in everything)
    assert AuditEvent.objects.filter(action="view", object_type="feedback.feedbackitem").exists()
    some = client_for("qa_pdm").get(URL, {"channel": "complaint", "from": "2026-10-01"}).json()
    assert [i["channel"] for i in some] == ["complaint"]
    assert client_for("qa_pdm").get(URL, {"to": "2026-09-30"}).json()[0]["channel"] == "child"
    member = client_for("elected_member").get(URL).json()
    assert len(member) == 2 and all("text" not in i for i in member)
    assert set(member[0]) >= {"id", "channel", "received_on", "team", "district", "rating"}


@pytest.mark.parametrize(
    ("query", "field"), [({"channel": "x"}, "channel"), ({"from": "01/10/2026"}, "from")]
)
def test_bad_filters_name_the_parameter(
    world: World, client_for: Any, query: dict[str, str], field: str
) -> None:
    answer = client_for("qa_pdm").get(URL, query)
    assert answer.status_code == 400 and field in answer.json()["detail"]
