"""Recurring work for actions: reminders to owners, then to their managers."""

from __future__ import annotations

from datetime import datetime

from assure.core.schedule import every

from .services import ReminderRun, actions_send_reminders


@every(minutes=60)
def actions_remind(now: datetime) -> ReminderRun:
    """Remind owners of overdue actions once; tell their manager once, 5 working days on."""
    return actions_send_reminders(now=now)
