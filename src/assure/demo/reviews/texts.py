"""What chairs write and how they grade: the pools the demo's chairs' QA draws on."""

from __future__ import annotations

GRADE_WEIGHTS = {"outstanding": 8, "good": 52, "requires_improvement": 33, "inadequate": 7}
# How likely each yes/no judgement is "yes", by grade.
YES_BY_GRADE = {"outstanding": 0.98, "good": 0.9, "requires_improvement": 0.6, "inadequate": 0.25}
CONCERNS = [
    "The plan does not address the risk from the adult's drinking; no contingency plan.",
    "Visits have not happened at the frequency the plan sets; the child was not seen alone.",
    "The core group has not met since the last conference and actions have drifted.",
    "The care plan does not address the child's education; no school place for six weeks.",
    "Domestic abuse disclosed at the conference has not been shared with the police.",
    "Contact arrangements are unsafe and were not reviewed after the last incident.",
]
APPRECIATIONS = [
    "Direct work with the child was creative and the child's voice shaped the whole plan.",
    "The practitioner brought the family and partners together so the plan is owned by all.",
    "An outstanding chronology and analysis: the risks were clear to everyone.",
    "The child chaired their own review with confidence, thanks to careful preparation.",
    "Life story work was thoughtful and sensitive; the carers spoke highly of it.",
    "A clear, SMART plan written with the family in plain language.",
]
DECISIONS = [
    "Core group to meet within ten working days",
    "Referral to the domestic abuse service",
    "Health assessment to be completed",
    "Child to be seen alone at every visit",
    "School to share attendance weekly",
    "Parenting assessment to start",
    "Contact plan to be reviewed",
    "Life story work to begin",
]
RESPONSES = [
    "Discussed in supervision; the plan is being updated this week.",
    "Visits are now booked and the child has been seen alone.",
    "The core group has been reconvened and actions reassigned.",
]
