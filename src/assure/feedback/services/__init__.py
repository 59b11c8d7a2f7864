"""Writes to feedback: every one through here, checked, trailed (DESIGN.md invariant 1)."""

from .items import (
    challenge_card_answer,
    challenge_card_put,
    feedback_link,
    feedback_record,
    feedback_respond,
    feedback_themes_set,
    themes_resolve,
    themes_suggest,
)
from .public import (
    SUBMISSION_LIMIT,
    feedback_submit_public,
    form_limit_reached,
    form_submissions_purge,
)

__all__ = [
    "SUBMISSION_LIMIT",
    "challenge_card_answer",
    "challenge_card_put",
    "feedback_link",
    "feedback_record",
    "feedback_respond",
    "feedback_submit_public",
    "feedback_themes_set",
    "form_limit_reached",
    "form_submissions_purge",
    "themes_resolve",
    "themes_suggest",
]
