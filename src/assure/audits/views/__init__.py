"""Pages of the audit cycle: my audits, answering, moderation, the QA unit's cycle work.

One topic a module; `urls.py` reads the views from here. Importing `panels`
registers the home page's panels and the case page's section.
"""

from . import panels, qa_panels  # noqa: F401  (register the home panels and the case section)
from .answer import audit_answer
from .audit_pages import (
    audit_action_new,
    audit_detail,
    audit_document,
    audit_finalise,
    audit_list,
    audit_moderate,
    audit_reallocate,
    moderation_list,
)
from .cycles import calendar_edit, cycle_detail, cycle_list, sample_detail, sample_swap
from .first_cycle import (
    first_cycle_allocate,
    first_cycle_create,
    first_cycle_sample,
    first_cycle_start,
)
from .inquiries import inquiry_list, inquiry_new

__all__ = [
    "audit_action_new",
    "audit_answer",
    "audit_detail",
    "audit_document",
    "audit_finalise",
    "audit_list",
    "audit_moderate",
    "audit_reallocate",
    "calendar_edit",
    "cycle_detail",
    "cycle_list",
    "first_cycle_allocate",
    "first_cycle_create",
    "first_cycle_sample",
    "first_cycle_start",
    "inquiry_list",
    "inquiry_new",
    "moderation_list",
    "sample_detail",
    "sample_swap",
]
