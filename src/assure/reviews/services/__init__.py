"""Chairs' QA, practice alerts, appreciations and mid-way reviews: every write here.

One topic a module; the names stay importable from `assure.reviews.services`.
Changes go through `core.writes.change` (lock, policy, version, field-level
trail); creations check the policy, write and record the trail in one
transaction. Notifications are sent once the transaction commits, and their
texts name no child and no grade: they go by email, outside Assure.
"""

from .alerts import alert_resolve, alert_respond
from .appreciations import appreciation_send
from .checks import chair_check_record, chair_checks_draw
from .escalation import ESCALATE_CHUNK, WRITE_CHUNK, alerts_escalate
from .exports import dashboard_download_record, pack_download_record
from .meetings import meeting_create, meeting_qa_record
from .midway import MIDWAY_STATUSES, midway_review_record

__all__ = [
    "ESCALATE_CHUNK",
    "MIDWAY_STATUSES",
    "WRITE_CHUNK",
    "alert_resolve",
    "alert_respond",
    "alerts_escalate",
    "appreciation_send",
    "chair_check_record",
    "chair_checks_draw",
    "dashboard_download_record",
    "meeting_create",
    "meeting_qa_record",
    "midway_review_record",
    "pack_download_record",
]
