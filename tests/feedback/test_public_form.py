"""The public feedback form: CSRF, the honeypot, the hourly limit, and forgetting addresses."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from assure.core import clock
from assure.core.models import AuditEvent
from assure.feedback.models import FeedbackItem, FormSubmission
from assure.feedback.services import form_submissions_purge

pytestmark = pytest.mark.django_db
URL = "/feedback/"
NOON = datetime(2026, 10, 5, 12, 0, tzinfo=ZoneInfo("Europe/London"))
GOOD = {"who": "parent_carer", "text": "The chair listened to us.", "rating": "4", "about": ""}


@pytest.fixture(autouse=True)
def _noon() -> Any:
    with clock.frozen(NOON):
        yield


def send(client: Client, **extra: str) -> Any:
    return client.post(URL, {**GOOD, **extra}, REMOTE_ADDR="203.0.113.9")


def test_the_form_needs_no_sign_in_and_says_what_happens() -> None:
    page = Client().get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "What happens to your feedback" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'for="id_text"' in html


def test_a_submission_is_an_item_the_qa_unit_sees() -> None:
    answer = send(Client(), about="Review on 3 March", who="child")
    assert answer.status_code == 302 and answer["Location"] == "/feedback/thank-you/"
    item = FeedbackItem.objects.get()
    assert item.channel == "child" and item.rating == 4 and item.about == "Review on 3 March"
    assert item.source == "public_form" and item.received_on == NOON.date()
    # Nothing in the trail keeps the writer's address.
    assert not AuditEvent.objects.filter(ip_address="203.0.113.9").exists()


def test_csrf_is_required() -> None:
    client = Client(enforce_csrf_checks=True)
    assert send(client).status_code == 403
    assert not FeedbackItem.objects.exists()
    client.get(URL)
    token = client.cookies["csrftoken"].value
    assert send(client, csrfmiddlewaretoken=token).status_code == 302
    assert FeedbackItem.objects.count() == 1


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored() -> None:
    answer = send(Client(), website="http://spam.example")
    assert answer.status_code == 302 and answer["Location"] == "/feedback/thank-you/"
    assert not FeedbackItem.objects.exists()


def test_the_sixth_in_an_hour_gets_429_and_the_hour_forgets() -> None:
    client = Client()
    for _ in range(5):
        assert send(client).status_code == 302
    refused = send(client)
    assert refused.status_code == 429
    assert FeedbackItem.objects.count() == 5
    # Another address is not held back by this one.
    assert client.post(URL, GOOD, REMOTE_ADDR="198.51.100.1").status_code == 302
    # What is kept is a keyed hash, never the address itself.
    assert not FormSubmission.objects.filter(key__contains="203.0.113.9").exists()
    assert FormSubmission.objects.count() == 6
    with clock.frozen(NOON + timedelta(hours=1, minutes=1)):
        assert form_submissions_purge() == 6
        assert not FormSubmission.objects.exists()
        assert send(client).status_code == 302


def test_the_limit_follows_the_trusted_proxy(settings: Any) -> None:
    settings.ASSURE_TRUSTED_PROXIES = "10.0.0.0/8"
    client = Client()
    for n in range(5):
        client.post(URL, GOOD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    # Five people behind the council's proxy, each once: none is held back.
    assert (
        client.post(URL, GOOD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.9").status_code
        == 302
    )


def test_errors_are_summarised_naming_each_field() -> None:
    page = Client().post(URL, {"text": "", "who": ""})
    assert page.status_code == 200
    html = page.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_who_0"' in html and 'href="#id_text"' in html
    assert "Enter what you would like to tell us" in html
    assert not FeedbackItem.objects.exists()
