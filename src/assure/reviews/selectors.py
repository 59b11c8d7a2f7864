"""Reads of meetings, alerts and appreciations, scoped to the user asking.

Elected members see none of these (only county aggregates elsewhere); a
practitioner sees alerts and appreciations about their own practice; a team
manager their team's; wider roles their scope; chairs what they chaired or raised.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet

from assure.core import clock
from assure.core.policy import access_for, case_filter, has_perm
from assure.core.roles import Perm

from .models import Appreciation, Meeting, PracticeAlert


def _scope(user: Any, *also: Q) -> Q:
    """The case scope, OR-ed with the user's own involvement; nothing to OR for the
    whole directorate, which lets the database use its indexes."""
    if access_for(user).all_teams:
        return Q()
    scope = case_filter(user, team_field="team", worker_field="practitioner")
    for extra in also:
        scope |= extra
    return scope


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    if not has_perm(user, Perm.VIEW_CASES):
        return Meeting.objects.none()
    return Meeting.objects.filter(_scope(user, Q(chair=user))).select_related(
        "case__child", "team", "practitioner", "chair"
    )


def meetings_awaiting_qa(user: Any) -> QuerySet[Meeting]:
    """Meetings this chair chaired and has not yet quality-assured."""
    return meetings_visible_to(user).filter(chair=user, qa__isnull=True).order_by("date", "id")


def meetings_due_midway(user: Any, *, today: date | None = None) -> QuerySet[Meeting]:
    """This chair's quality-assured meetings of six weeks to six months ago with no mid-way
    review yet, oldest first."""
    today = today or clock.today()
    return (
        meetings_visible_to(user)
        .filter(
            chair=user,
            qa__isnull=False,
            midway_reviews__isnull=True,
            date__lte=today - timedelta(weeks=6),
            date__gte=today - timedelta(weeks=26),
        )
        .order_by("date", "id")
    )


def alerts_visible_to(user: Any) -> QuerySet[PracticeAlert]:
    if not has_perm(user, Perm.VIEW_CASES):
        return PracticeAlert.objects.none()
    return PracticeAlert.objects.filter(
        _scope(user, Q(raised_by=user), Q(owner=user))
    ).select_related("team", "practitioner", "raised_by", "owner", "meeting__case__child")


def appreciations_visible_to(user: Any) -> QuerySet[Appreciation]:
    if not has_perm(user, Perm.VIEW_CASES):
        return Appreciation.objects.none()
    return Appreciation.objects.filter(_scope(user, Q(sent_by=user))).select_related(
        "team", "practitioner", "sent_by", "meeting"
    )
