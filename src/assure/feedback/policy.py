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
- A challenge card put to an elected member: that member reads its words (a
  question written to them, unless it is linked to a child's case) and answers
  it; the QA unit may answer it on their behalf.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from assure.core.policy import access_for, case_filter, has_perm
from assure.core.records import EVERYWHERE, NOWHERE, RecordPolicy, register
from assure.core.roles import Perm
from assure.org.models import Case

from .models import Channel, FeedbackItem


class FeedbackPolicy(RecordPolicy[FeedbackItem]):
    model = FeedbackItem
    noun = "feedback item"
    child_level = True  # linked to a case, it names a child
    grantable = False
    actions = ("read_text", "manage", "answer_card")

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
        own_cards = Q(
            channel=Channel.CHALLENGE_CARD,
            addressed_to=user,
            case__isnull=True,
            meeting__isnull=True,
        )
        if Perm.VIEW_CASES not in access.perms:
            return own_cards
        cases = Case.objects.filter(case_filter(user)).values("pk")
        return Q(case__in=cases) | Q(meeting__case__in=cases) | own_cards

    def may_read_text(self, user: Any, item: FeedbackItem) -> bool:
        if has_perm(user, Perm.RUN_QA):
            return True
        return FeedbackItem.objects.filter(self.text_filter(user), pk=item.pk).exists()

    def may_manage(self, user: Any, item: FeedbackItem) -> bool:
        return has_perm(user, Perm.RUN_QA)

    def may_answer_card(self, user: Any, item: FeedbackItem) -> bool:
        if item.channel != Channel.CHALLENGE_CARD:
            return False
        return has_perm(user, Perm.RUN_QA) or (
            item.addressed_to_id is not None and item.addressed_to_id == user.pk
        )

    def may_record(self, user: Any) -> bool:
        """Staff record feedback received another way (not partners or elected members)."""
        return has_perm(user, Perm.VIEW_STRUCTURE)

    def refusal(self, action: str) -> str:
        what = {"read_text": "read the words of", "manage": "work on", "answer_card": "answer"}
        return f"You may not {what.get(action, action)} this feedback."


FEEDBACK = FeedbackPolicy()
register(FEEDBACK)
