"""Recurring work for feedback: forgetting the public form's hourly counts."""

from __future__ import annotations

from datetime import datetime

from assure.core.schedule import every

from .services import form_submissions_purge


@every(minutes=15)
def feedback_form_purge(now: datetime) -> int:
    """Delete the hashed counts of public-form submissions more than an hour old."""
    return form_submissions_purge()
