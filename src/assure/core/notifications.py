"""Notifications: a row in the app at once, and an email sent by a background task."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django_tasks import task

from assure.core import clock

from .models import Notification


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


@task()
def email_notification(notification_id: int) -> None:
    """Email one notification. Runs on a background worker."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at or not notification.user.email:
        return
    body = notification.text
    if notification.link:
        base = getattr(settings, "ASSURE_BASE_URL", "http://127.0.0.1:8000")
        body += f"\n\nOpen it in Assure: {base}{notification.link}"
    body += "\n\nThis message contains no child's details. Sign in to Assure to see them."
    send_mail(
        subject=f"Assure: {notification.text[:80]}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.user.email],
    )
    Notification.objects.filter(pk=notification_id).update(emailed_at=clock.now())


def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (or all of them) read. Reading is not audited."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=clock.now())
