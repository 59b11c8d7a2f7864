"""The demo's year of feedback: every channel, made through the services, loaded once."""

from __future__ import annotations

from datetime import date

import pytest

from assure.demo.feedback import feedback_demo_load
from assure.feedback.models import Channel, FeedbackItem
from assure.org.models import RoleAssignment
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db


def test_a_year_of_every_channel_loaded_once(world: World) -> None:
    qa = make_user("demo-qa")
    RoleAssignment.objects.create(user=qa, role="qa_pdm")
    today = date(2026, 11, 26)
    assert feedback_demo_load(today=today, items=120) == 120
    items = FeedbackItem.objects.all()
    assert set(items.values_list("channel", flat=True)) >= {
        Channel.CHILD,
        Channel.PARENT_CARER,
        Channel.STAFF,
        Channel.COMPLAINT,
    }
    assert min(items.values_list("received_on", flat=True)) < date(2026, 1, 1)
    assert items.exclude(response="").exists() and items.filter(themes_confirmed=True).exists()
    assert feedback_demo_load(today=today) == 0
    assert FeedbackItem.objects.count() == 120
