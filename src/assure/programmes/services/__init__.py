"""Every change to a QA programme: checked, written and trailed in one transaction."""

from .observations import observation_save, observation_start
from .plans import coa_year_plan
from .programmes import (
    programme_action_add,
    programme_create,
    programme_finding_add,
    programme_line_add,
    programme_member_add,
    programme_publish,
    programme_set_status,
)
from .sampling import programme_sample_audit, programme_sample_draw

__all__ = [
    "coa_year_plan",
    "observation_save",
    "observation_start",
    "programme_action_add",
    "programme_create",
    "programme_finding_add",
    "programme_line_add",
    "programme_member_add",
    "programme_publish",
    "programme_sample_audit",
    "programme_sample_draw",
    "programme_set_status",
]
