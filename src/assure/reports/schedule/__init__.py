"""The reporting schedule (the framework's Appendix B): what is due when, reminders, and packs.

Reports are data (`ScheduledReport`); the thirteen of Appendix B are loaded by
a migration and a council adds its own. Each report's next due date follows
from its cadence and the last period it was produced for; `schedule_remind`
tells each owner of a report due within five working days, once per report
and due date; `report_generate` makes the report's document in the background.
"""

from .services import (
    DueReport,
    report_add,
    report_generate,
    report_set_owner,
    schedule_remind,
    schedule_rows,
)

__all__ = [
    "DueReport",
    "report_add",
    "report_generate",
    "report_set_owner",
    "schedule_remind",
    "schedule_rows",
]
