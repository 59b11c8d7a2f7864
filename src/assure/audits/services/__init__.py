"""Every step of the audit cycle: checked, written, recorded and announced in one go.

One topic a module; the public names are all here, so callers write
`from assure.audits import services` and `services.audit_submit(...)`. Each
change to an existing record goes through `core.writes.change` (lock, policy,
version, field-level changes, trail, notifications once committed).
"""

from assure.core.errors import ConflictError, InvalidInput

from .allocation import audit_reassign, sample_allocate
from .auditing import audit_save_draft, audit_submit
from .common import SERVICE_TOOLS, tool_for_team
from .cycles import CYCLE_MONTHS, calendar_entry_save, cycle_calendar_create, cycle_create
from .inquiries import inquiry_record
from .moderation import audit_action_add, audit_finalise, moderation_record
from .samples import AUDITED_SERVICES, eligible_cases, sample_draw, sample_swap

__all__ = [
    "AUDITED_SERVICES",
    "CYCLE_MONTHS",
    "SERVICE_TOOLS",
    "ConflictError",
    "InvalidInput",
    "audit_action_add",
    "audit_finalise",
    "audit_reassign",
    "audit_save_draft",
    "audit_submit",
    "calendar_entry_save",
    "cycle_calendar_create",
    "cycle_create",
    "eligible_cases",
    "inquiry_record",
    "moderation_record",
    "sample_allocate",
    "sample_draw",
    "sample_swap",
    "tool_for_team",
]
