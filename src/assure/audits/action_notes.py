"""What the audit cycle tells an action's own page: the moderators' checks of it.

An action can be marked done while the moderator who checked it at moderation
found it not done (or only partly done); its page says so, so the owner and
their manager see the disagreement where they work on the action.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assure.actions.models import Action
from assure.actions.sources import ActionNote, register_action_notes

from .models import ActionCheck


def moderators_checks(action: Any) -> list[ActionNote]:
    checks = (
        ActionCheck.objects.filter(action_id=action.pk)
        .select_related("moderation__moderator")
        .order_by("moderation__recorded_at", "id")
    )
    notes = []
    for check in checks:
        when = timezone.localtime(check.moderation.recorded_at)
        said = (
            f"At moderation on {when:%-d %B %Y}, {check.moderation.moderator} checked this "
            f"action: {check.get_outcome_display().lower()}."
        )
        contradicts = (
            action.status == Action.Status.DONE and check.outcome == ActionCheck.Outcome.NOT_DONE
        )
        if contradicts:
            said += " It is marked done here: one of the two needs looking at again."
        if check.note:
            said += f" Their note: {check.note}"
        notes.append(ActionNote(said, warning=contradicts))
    return notes


register_action_notes(moderators_checks)
