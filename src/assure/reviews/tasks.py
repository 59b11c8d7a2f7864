"""Background work of chairs' QA: emailing notifications written in bulk."""

from __future__ import annotations

from django_tasks import task

from assure.core.notifications import email_notification


@task()
def email_notifications(notification_ids: list[int]) -> None:
    """Email a batch of notifications (written by a set-based escalation run)."""
    for notification_id in notification_ids:
        email_notification.call(notification_id)
