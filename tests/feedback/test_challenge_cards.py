"""Challenge cards put to elected members, answered by them, with the date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.core import clock
from assure.feedback import services
from assure.feedback.models import FeedbackItem
from tests.conftest import World

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 5, 11, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _now() -> Any:
    with clock.frozen(NOW):
        yield


def card(world: World) -> FeedbackItem:
    return services.feedback_record(
        actor=world.user("qa_pdm"),
        channel="challenge_card",
        received_on=date(2026, 9, 30),
        text="Why do we keep changing workers?",
    )


def test_a_card_is_put_to_a_member_who_reads_and_answers_it(world: World, client_for: Any) -> None:
    item = card(world)
    qa = client_for("qa_pdm")
    refused = qa.post(
        f"/feedback/challenge-cards/{item.pk}/put-to/",
        {"put-member": "practitioner", "put-version": item.version},
    )
    assert refused.status_code == 200 and b'href="#id_put-member"' in refused.content
    put = qa.post(
        f"/feedback/challenge-cards/{item.pk}/put-to/",
        {"put-member": "elected_member", "put-version": item.version},
    )
    assert put.status_code == 302
    item.refresh_from_db()
    assert item.addressed_to == world.user("elected_member")
    member = client_for("elected_member")
    listed = member.get("/feedback/challenge-cards/").content.decode()
    assert "Why do we keep changing workers?" in listed and "put to you" in listed
    answered = member.post(
        f"/feedback/challenge-cards/{item.pk}/answer/",
        {"answer-response": "Workers will stay for a year.", "answer-version": item.version},
    )
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.response == "Workers will stay for a year."
    assert item.responded_by == world.user("elected_member") and item.responded_at == NOW
    page = member.get("/feedback/challenge-cards/").content.decode()
    assert "5 Oct 2026" in page


def test_a_card_put_to_someone_else_is_not_theirs_to_answer(world: World, client_for: Any) -> None:
    item = card(world)
    # Not put to anyone yet: the member sees it exists, not its words, and cannot answer.
    member = client_for("elected_member")
    assert b"Why do we keep" not in member.get("/feedback/challenge-cards/").content
    assert member.get(f"/feedback/challenge-cards/{item.pk}/").status_code == 403
    assert (
        member.post(
            f"/feedback/challenge-cards/{item.pk}/answer/",
            {"answer-response": "Mine.", "answer-version": item.version},
        ).status_code
        == 403
    )
    other = services.feedback_record(
        actor=world.user("qa_pdm"), channel="staff", received_on=date(2026, 9, 30), text="Fine."
    )
    with pytest.raises(Exception, match="member"):
        services.challenge_card_put(
            actor=world.user("qa_pdm"), item_id=other.pk, member="elected_member"
        )
