"""The one feedback store: recording, themes, linking, responses, and who reads text."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from assure.core import clock
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.feedback import services
from assure.feedback.models import FeedbackItem, Theme
from assure.feedback.policy import FEEDBACK
from assure.feedback.selectors import feedback_shown, feedback_visible_to
from tests.conftest import World

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with clock.frozen(DAY):
        yield


def record(world: World, **extra: Any) -> FeedbackItem:
    values: dict[str, Any] = {
        "actor": world.user("qa_pdm"),
        "channel": "parent_carer",
        "received_on": DAY,
        "text": "Nobody listened to us at the conference.",
    }
    values.update(extra)
    return services.feedback_record(**values)


def test_recording_suggests_themes_from_keywords(world: World) -> None:
    item = record(world)
    names = {t.name for t in item.themes.all()}
    assert "Being listened to" in names
    assert "Meetings and conferences" in names
    assert not item.themes_confirmed
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="create").exists()


def test_given_themes_join_the_shared_list(world: World) -> None:
    item = record(world, themes=["Being listened to", "A brand new theme"], team="a family support")
    assert sorted(t.name for t in item.themes.all()) == ["A brand new theme", "Being listened to"]
    assert Theme.objects.filter(name="A brand new theme").exists()
    assert item.team == world.team_a and item.district == world.district_a


def test_each_problem_names_its_field(world: World) -> None:
    with pytest.raises(InvalidInput) as problem:
        record(world, channel="pigeon", rating=9, text=" ", team="Nowhere", received_on=None)
    assert set(problem.value.errors) == {"channel", "rating", "text", "team", "received_on"}


def test_elected_members_cannot_record(world: World) -> None:
    with pytest.raises(PermissionDenied):
        record(world, actor=world.user("elected_member"))


def test_text_follows_the_policy(world: World) -> None:
    unlinked = record(world)
    own = record(world)
    other = record(world)
    qa = world.user("qa_pdm")
    services.feedback_link(actor=qa, item_id=own.pk, child_ref="REF-OWN")
    services.feedback_link(actor=qa, item_id=other.pk, child_ref="REF-OTHER_AREA")
    practitioner = world.user("practitioner")
    member = world.user("elected_member")
    assert FEEDBACK.may_read_text(qa, unlinked)
    assert not FEEDBACK.may_read_text(practitioner, unlinked)
    assert FEEDBACK.may_read_text(practitioner, FeedbackItem.objects.get(pk=own.pk))
    assert not FEEDBACK.may_read_text(practitioner, FeedbackItem.objects.get(pk=other.pk))
    assert not FEEDBACK.may_read_text(member, FeedbackItem.objects.get(pk=own.pk))
    # Elected members see that feedback exists (themes and counts), never its words.
    shown = feedback_shown(member, feedback_visible_to(member), what="test")
    assert len(shown) == 3 and all(s.text is None for s in shown)
    assert feedback_visible_to(world.user("partner")).count() == 0


def test_every_text_shown_is_trailed(world: World) -> None:
    record(world)
    qa = world.user("qa_pdm")
    before = AuditEvent.objects.filter(action="view").count()
    feedback_shown(qa, feedback_visible_to(qa), what="Listed feedback")
    assert AuditEvent.objects.filter(action="view").count() == before + 1
    member = world.user("elected_member")
    feedback_shown(member, feedback_visible_to(member), what="Listed feedback")
    assert AuditEvent.objects.filter(action="view").count() == before + 1  # no text, no read


def test_themes_and_response_are_the_qa_units_and_trailed(world: World) -> None:
    item = record(world)
    theme = Theme.objects.get(name="Communication")
    with pytest.raises(PermissionDenied):
        services.feedback_respond(actor=world.user("practitioner"), item_id=item.pk, response="x")
    qa = world.user("qa_pdm")
    item = services.feedback_themes_set(actor=qa, item_id=item.pk, theme_ids=[theme.pk])
    assert [t.name for t in item.themes.all()] == ["Communication"] and item.themes_confirmed
    item = services.feedback_respond(actor=qa, item_id=item.pk, response="We now call back.")
    assert item.responded_by == qa and item.responded_at is not None
    events = AuditEvent.objects.filter(object_id=str(item.pk), action="update")
    assert events.count() == 2
    assert "themes" in events.order_by("id").first().changes  # type: ignore[union-attr]


def test_linking_to_an_unknown_child_names_the_field(world: World) -> None:
    item = record(world)
    with pytest.raises(InvalidInput) as problem:
        services.feedback_link(actor=world.user("qa_pdm"), item_id=item.pk, child_ref="NOPE")
    assert "child_ref" in problem.value.errors
