"""The public feedback form's write: the hourly limit per address, and the submission.

The limit counts submissions from one address over the last hour. The address
itself is never stored: only an HMAC of it keyed with the site's secret, with
the time, in `FormSubmission`; rows older than an hour are deleted on every
submission and by the scheduler (`jobs.py`), so after the hour nothing of the
writer's address is left. A table rather than the cache so that the clock seam
governs the hour (tests move the clock; a cache's expiry reads the machine's).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.crypto import salted_hmac

from assure.core import clock

from ..models import Channel, FeedbackItem, FormSubmission
from .items import feedback_record

SUBMISSION_LIMIT = 5
WINDOW = timedelta(hours=1)


def _key(address: str | None) -> str:
    return salted_hmac("assure.feedback.public-form", address or "unknown").hexdigest()


def form_submissions_purge() -> int:
    """Delete what the limit kept about submissions more than an hour old."""
    deleted, _ = FormSubmission.objects.filter(at__lte=clock.now() - WINDOW).delete()
    return deleted


def form_limit_reached(address: str | None) -> bool:
    """Has this address sent the most the form takes in an hour?"""
    form_submissions_purge()
    return FormSubmission.objects.filter(key=_key(address)).count() >= SUBMISSION_LIMIT


def form_submission_count(address: str | None) -> None:
    """Count a submission (a real one, or a bot's caught by the honeypot) against the limit."""
    FormSubmission.objects.create(key=_key(address), at=clock.now())


def feedback_submit_public(
    *,
    address: str | None,
    channel: str,
    text: str,
    about: str = "",
    rating: int | None = None,
    store: bool = True,
) -> FeedbackItem | None:
    """One submission of the public form; `store=False` for a bot (counted, not kept)."""
    if channel not in (Channel.PARENT_CARER, Channel.CHILD):
        channel = Channel.PARENT_CARER
    with transaction.atomic():
        form_submission_count(address)
        if not store:
            return None
        return feedback_record(
            actor=None,
            channel=channel,
            received_on=clock.today(),
            text=text,
            rating=rating,
            about=about,
            source=FeedbackItem.Source.PUBLIC_FORM,
        )
