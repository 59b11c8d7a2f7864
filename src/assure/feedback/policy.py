"""Who may see feedback, read its words, and work on it: the one policy for feedback.

- Seeing that feedback exists, its channel, date, team, rating and themes (counts
  and themes): anyone whose role shows aggregate figures, elected members
  included, and the QA unit.
- Reading its text: the QA unit reads all of it. Anyone else who sees cases reads
  only the text of feedback linked to a case (or a meeting of a case) inside
  their own case scope. Feedback linked to no case may still name a child in
  its words, so outside the QA unit nobody reads it. Elected members, analysts
  and partners never read text.
- Working on it (confirming themes, linking to a case or meeting, writing the
  "you said, we did" response): the QA unit.
- Recording feedback received another way: any signed-in member of staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import Perm
from assure.org.models import Case

from .models import FeedbackItem


class FeedbackPolicy(RecordPolicy[FeedbackItem]):
    model = FeedbackItem
    noun = "feedback item"
    child_level = True  # linked to a case, it names a child
    grantable = False
    actions = ("read_text", "manage")

    def scope(self, user: Any) -> Q:
        access = access_for(user)
        if Perm.RUN_QA in access.perms or Perm.VIEW_AGGREGATES in access.perms:
            return EVERYWHERE
        return NOWHERE

    def child_ref(self, obj: FeedbackItem) -> str:
        return obj.child_ref

    def text_filter(self, user: Any) -> Q:
        """The feedback whose text this user may read, as a filter."""
        access = access_for(user)
        if Perm.RUN_QA in access.perms:
            return EVERYWHERE
        if Perm.VIEW_CASES not in access.perms:
            return NOWHERE
        cases = Case.objects.filter(case_filter(user)).values("pk")
        return Q(case__in=cases) | Q(meeting__case__in=cases)

    def may_read_text(self, user: Any, item: FeedbackItem) -> bool:
        if has_perm(user, Perm.RUN_QA):
            return True
        if item.case_id is None and item.meeting_id is None:
            return False
        return FeedbackItem.objects.filter(self.text_filter(user), pk=item.pk).exists()

    def may_manage(self, user: Any, item: FeedbackItem) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def may_record(self, user: Any) -> bool:
        """Staff record feedback received another way (not partners or elected members)."""
        return has_perm(user, Perm.VIEW_STRUCTURE)

    def refusal(self, action: str) -> str:
        what = {"read_text": "read the words of", "manage": "work on"}
        return f"You may not {what.get(action, action)} this feedback."


FEEDBACK = FeedbackPolicy()
register(FEEDBACK)
