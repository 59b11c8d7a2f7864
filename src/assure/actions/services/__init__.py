"""Every change to an action: checked, written and recorded in one transaction.

Split by topic: raising an action (`raising`), changing one through the one
write path (`changes`) and the reminders Assure sends by itself
(`reminders`). Callers import from here.
"""

from .changes import (
    action_add_evidence,
    action_change_due,
    action_comment,
    action_reassign,
    action_set_status,
)
from .common import ESCALATE_AFTER_WORKING_DAYS, NOTIFICATION_KIND, day_label
from .raising import action_create
from .reminders import ReminderRun, actions_send_reminders

__all__ = [
    "ESCALATE_AFTER_WORKING_DAYS",
    "NOTIFICATION_KIND",
    "ReminderRun",
    "action_add_evidence",
    "action_change_due",
    "action_comment",
    "action_create",
    "action_reassign",
    "action_set_status",
    "actions_send_reminders",
    "day_label",
]
