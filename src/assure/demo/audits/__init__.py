"""A year of case audit history for the demo county, and the cycle it is in now.

Three finalised cycles (both audit rounds sampled, allocated, audited,
moderated and finalised, with their actions, action checks and each team's
appreciative inquiry) are written in bulk for speed (`history`), each row in a
state the services could have produced: versions that count the steps, an
AuditChange for every step, an audit trail event for every change, a
moderation with a reason wherever the grade changed, actions with their own
history, reminders and escalations where an action ran late (`plan`,
`actions`, `rows`).

The current cycle goes through the services themselves (`current_cycle`):
month 1 is allocated and under way (the demo auditor has audits waiting and
some submitted for the demo moderator), and the QA unit has month 3's sample
drawn for review.

Grades follow each team's practice (mostly good or requires improvement) and
improve a little cycle by cycle; a few auditors grade systematically above or
below what moderation agrees, so calibration has something to find (`county`).
The text answers are assembled from fragments of what auditors write
(`texts`, `answers`), so the phrases that recur are the ones the text
analytics should surface.
"""

from __future__ import annotations

from .answers import demo_answer, demo_responses, inquiry_responses
from .load import AuditDemoSummary, audits_demo_load, audits_history_load

__all__ = [
    "AuditDemoSummary",
    "audits_demo_load",
    "audits_history_load",
    "demo_answer",
    "demo_responses",
    "inquiry_responses",
]
