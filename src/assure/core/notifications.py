"""Notifications: a row in the app at once, and an email sent by a background task.

An email leaves the council's network, so it carries no child's details: no
child reference, name or grade, in subject or body. That holds by construction,
whatever a service wrote: the email says only a fixed sentence chosen by the
notification's kind (never the notification's own text, which may name a case)
and a link, and the link is kept only while it is made of ids and plain words
and holds no child reference the trail knows for the notification's object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from assure.core import clock

from .models import AuditEvent, Notification

# What an email says, by notification kind. Nothing in it may name a child or a grade.
EMAIL_SENTENCES = {
    "action": "An action needs your attention.",
    "alert_raised": "A practice alert needs your response.",
    "alert_escalated": "A practice alert has been escalated to you and needs your response.",
    "alert_reminder": "A practice alert is still waiting for your response.",
    "alert_responded": "A practice alert you follow has a new response.",
    "alert_resolved": "A practice alert you follow has been resolved.",
    "appreciation": "You have received a practice appreciation.",
    "audit_allocated": "An audit has been allocated to you.",
    "audit_submitted": "An audit has been submitted and is waiting for moderation.",
    "audit_finalised": "An audit you took part in has been finalised.",
    "audit_overdue": "An audit allocated to you is overdue.",
    "audit_overdue_escalated": "An audit in your area is overdue.",
    "chair_check": "The QA unit has checked one of your meeting QA records.",
    "meeting_qa": "A chair's quality assurance of a meeting has been recorded.",
}
EMAIL_SENTENCE_OTHERWISE = "There is something new for you in Assure."
# A link's path may hold ids and plain lower-case words only: never a reference.
_SAFE_PATH = re.compile(r"^/(?:(?:\d+|[a-z][a-z_-]*)/)*$")
# A child reference as authorities write them (WS123456, AB-12345): letters then digits.
_CHILD_REF_LIKE = re.compile(r"[A-Za-z]{1,4}[-_ ]?\d{3,}")


def notification_send(
    *,
    recipients: Iterable[Any],
    kind: str,
    text: str,
    link: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
) -> list[Notification]:
    """Notify each recipient once. Call inside the service's transaction.

    The emails are queued only when the transaction commits, so a rolled-back
    change never tells anyone anything.
    """
    unique = {r.pk: r for r in recipients if r is not None and r.is_active}
    rows = Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind=kind,
                text=text[:500],
                link=link,
                object_type=object_type or (obj._meta.model_name or "" if obj else ""),
                object_id=str(obj.pk) if obj is not None else "",
            )
            for user in unique.values()
        ]
    )
    ids = [n.pk for n in rows if n.pk is not None]
    if not ids:  # backends without RETURNING: fetch what we just wrote
        ids = list(
            Notification.objects.filter(user__in=unique.values(), kind=kind, text=text[:500])
            .order_by("-id")
            .values_list("id", flat=True)[: len(unique)]
        )
    for notification_id in ids:
        transaction.on_commit(partial(email_notification.enqueue, notification_id))
    return rows


def _child_refs_of(notification: Notification) -> set[str]:
    """The child references the trail has recorded against the notification's object."""
    if not notification.object_type or not notification.object_id:
        return set()
    return set(
        AuditEvent.objects.filter(
            object_type__endswith=f".{notification.object_type}",
            object_id=notification.object_id,
        )
        .exclude(child_ref="")
        .values_list("child_ref", flat=True)
        .distinct()[:50]
    )


def email_link(notification: Notification) -> str:
    """The notification's own page if its link is safe to send, else the notifications page."""
    path = notification.link
    refs = {r.lower() for r in _child_refs_of(notification)}
    if (
        not _SAFE_PATH.match(path)
        or _CHILD_REF_LIKE.search(path)
        or any(ref in path.lower() for ref in refs)
    ):
        path = reverse("core:notifications")
    return f"{settings.ASSURE_BASE_URL}{path}"


def send_email(*, subject: str, body: str, to: str) -> None:
    """Send one email from the sender and reply-to the authority chose (else the environment's)."""
    from . import site

    identity = site.mail_identity()
    EmailMessage(
        subject, body, from_email=identity.sender, to=[to], reply_to=identity.reply_to or None
    ).send()


def notification_email(notification: Notification) -> tuple[str, str]:
    """The subject and body: a fixed sentence by kind and a link, nothing of the free text."""
    sentence = EMAIL_SENTENCES.get(notification.kind, EMAIL_SENTENCE_OTHERWISE)
    body = render_to_string(
        "core/email/notification.txt",
        {"sentence": sentence, "url": email_link(notification)},
    )
    return f"Assure: {sentence.rstrip('.')}", body


@task()
def email_notification(notification_id: int) -> None:
    """Email one notification. Runs on a background worker."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return
    subject, body = notification_email(notification)
    send_email(subject=subject, body=body, to=notification.user.email)
    Notification.objects.filter(pk=notification_id).update(emailed_at=clock.now())


def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (or all of them) read. Reading is not audited."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=clock.now())
