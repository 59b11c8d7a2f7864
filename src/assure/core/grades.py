"""Ofsted's four grades: the one definition every audit, QA form and report reads.

Stored as the contract's keys (`outstanding`, `good`, `requires_improvement`,
`inadequate`), shown with Ofsted's words, ranked for "did moderation move it
up or down" and for calibration.
"""

from __future__ import annotations

GRADES = ("outstanding", "good", "requires_improvement", "inadequate")  # best first
WORST_FIRST = tuple(reversed(GRADES))
GRADE_LABELS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement to be good",
    "inadequate": "Inadequate",
}
# Where a table has no room for "to be good".
GRADE_SHORT_LABELS = {**GRADE_LABELS, "requires_improvement": "Requires improvement"}
# Higher is better: 1 inadequate to 4 outstanding.
GRADE_RANK = {grade: rank for rank, grade in enumerate(WORST_FIRST, start=1)}
