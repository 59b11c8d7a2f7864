"""Recording feedback, confirming its themes, linking it, and answering it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import Case, District, Team, User
from assure.reviews.models import Meeting

from ..models import Channel, FeedbackItem, Theme
from ..policy import FEEDBACK

TEXT_LIMIT = 10_000
THEME_LIMIT = 80


def themes_suggest(text: str) -> list[Theme]:
    """Themes of the shared list whose keywords appear in the text (the QA unit confirms)."""
    words = text.lower()
    return [
        t
        for t in Theme.objects.all()
        if any(re.search(rf"\b{re.escape(k)}", words) for k in t.keyword_list)
    ]


def themes_resolve(names: Iterable[str]) -> list[Theme]:
    """The themes named, from the shared list; a name not yet on it joins it.

    Feedback imported from another system brings its own themes; refusing them
    would lose what the writer was told, so they join the list for the QA unit
    to merge or keep.
    """
    found: list[Theme] = []
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        theme = Theme.objects.filter(name__iexact=name).first()
        if theme is None:
            theme = Theme.objects.create(name=name[:THEME_LIMIT])
        if theme not in found:
            found.append(theme)
    return found


def validate(
    *,
    channel: str,
    received_on: date | None,
    text: str,
    team: str = "",
    district: str = "",
    rating: int | None = None,
    themes: Iterable[str] = (),
) -> tuple[dict[str, str], Team | None, District | None]:
    """Problems by field name (empty when none), and the team and district found."""
    problems: dict[str, str] = {}
    if channel not in Channel.values:
        problems["channel"] = "Use one of " + ", ".join(Channel.values)
    if received_on is None:
        problems["received_on"] = "Enter the date the feedback was received"
    elif received_on > clock.today():
        problems["received_on"] = "The date received cannot be in the future"
    if not text.strip():
        problems["text"] = "Enter the feedback"
    elif len(text) > TEXT_LIMIT:
        problems["text"] = f"Feedback must be {TEXT_LIMIT:,} characters or fewer"
    if rating is not None and not 1 <= rating <= 5:
        problems["rating"] = "Rating must be a whole number from 1 to 5"
    found_team = Team.objects.filter(name__iexact=team.strip()).first() if team.strip() else None
    if team.strip() and found_team is None:
        problems["team"] = f"No team called {team.strip()!r}"
    found_district = (
        District.objects.filter(name__iexact=district.strip()).first() if district.strip() else None
    )
    if district.strip() and found_district is None:
        problems["district"] = f"No district called {district.strip()!r}"
    if any(len(t.strip()) > THEME_LIMIT for t in themes):
        problems["themes"] = f"Each theme must be {THEME_LIMIT} characters or fewer"
    return problems, found_team, found_district


def feedback_record(
    *,
    actor: Any,
    channel: str,
    received_on: date | None,
    text: str,
    team: str = "",
    district: str = "",
    rating: int | None = None,
    themes: Iterable[str] | None = None,
    response: str = "",
    about: str = "",
    source: str = FeedbackItem.Source.STAFF,
) -> FeedbackItem:
    """Record feedback received another way; themes suggested when none are given."""
    if actor is not None and not FEEDBACK.may_record(actor):
        raise PermissionDenied("You may not record feedback.")
    names = list(themes or [])
    problems, found_team, found_district = validate(
        channel=channel,
        received_on=received_on,
        text=text,
        team=team,
        district=district,
        rating=rating,
        themes=names,
    )
    if problems:
        raise InvalidInput(problems)
    assert received_on is not None
    if found_district is None and found_team is not None:
        found_district = found_team.district
    with transaction.atomic():
        item = FeedbackItem.objects.create(
            channel=channel,
            received_on=received_on,
            team=found_team,
            district=found_district,
            rating=rating,
            text=text.strip(),
            about=about.strip()[:300],
            source=source,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            # Themes given by staff are theirs; suggested ones wait for the QA unit.
            themes_confirmed=bool(names),
        )
        item.themes.set(themes_resolve(names) if names else themes_suggest(text))
        if response.strip():
            item.response = response.strip()
            item.responded_by = actor if getattr(actor, "is_authenticated", False) else None
            item.responded_at = clock.now()
            item.save(update_fields=["response", "responded_by", "responded_at"])
        trail.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=item,
            summary=f"Feedback {item.pk} recorded ({item.get_channel_display()})",
            username="" if actor is not None else "public form",
            # The public form keeps no address: an empty request, not the writer's.
            request=HttpRequest() if actor is None else None,
            changes={
                "channel": [None, channel],
                "received_on": [None, received_on.isoformat()],
                "themes": [None, [t.name for t in item.themes.all()]],
            },
        )
    return item


def _names(item: FeedbackItem) -> list[str]:
    return sorted(t.name for t in item.themes.all())


def feedback_themes_set(
    *, actor: Any, item_id: int, theme_ids: Iterable[int], version: int | None = None
) -> FeedbackItem:
    """The QA unit confirms or edits an item's themes from the shared list."""
    chosen = list(Theme.objects.filter(pk__in=list(theme_ids)))
    with writes.change(
        FeedbackItem, item_id, actor=actor, version=version, policy=FEEDBACK, action="manage"
    ) as c:
        before = _names(c.obj)
        c.obj.themes.set(chosen)
        after = sorted(t.name for t in chosen)
        c.set(themes_confirmed=True)
        c.touch("themes_confirmed")
        return c.commit(
            summary=f"Feedback {item_id}: themes confirmed",
            extra={"themes": [before, after]} if before != after else {},
        )


def feedback_link(
    *,
    actor: Any,
    item_id: int,
    child_ref: str = "",
    meeting_id: int | None = None,
    version: int | None = None,
) -> FeedbackItem:
    """Link a submission to the case (by child reference) or the meeting it is about."""
    case = None
    meeting = None
    if child_ref.strip():
        case = (
            Case.objects.filter(child__reference__iexact=child_ref.strip())
            .order_by("closed_on", "-opened_on")
            .first()
        )
        if case is None:
            raise InvalidInput({"child_ref": "No case of a child with that reference"})
    if meeting_id is not None:
        meeting = Meeting.objects.select_related("case").filter(pk=meeting_id).first()
        if meeting is None:
            raise InvalidInput({"meeting": "No conference or review with that number"})
        case = case or meeting.case
    with writes.change(
        FeedbackItem, item_id, actor=actor, version=version, policy=FEEDBACK, action="manage"
    ) as c:
        c.set(case=case, meeting=meeting)
        if case is not None and c.obj.team_id is None:
            c.set(team=case.team, district=case.team.district)
        ref = case.child.reference if case is not None else ""
        return c.commit(summary=f"Feedback {item_id}: linked", child_ref=ref)


def feedback_respond(
    *, actor: Any, item_id: int, response: str, version: int | None = None
) -> FeedbackItem:
    """Write (or rewrite) the "you said, we did" response; who and when are kept."""
    if not response.strip():
        raise InvalidInput({"response": "Enter what was done in response"})
    with writes.change(
        FeedbackItem, item_id, actor=actor, version=version, policy=FEEDBACK, action="manage"
    ) as c:
        c.set(response=response.strip(), responded_by=actor, responded_at=clock.now())
        return c.commit(summary=f"Feedback {item_id}: response written")


def challenge_card_put(
    *, actor: Any, item_id: int, member: str, version: int | None = None
) -> FeedbackItem:
    """The QA unit records which elected member a challenge card was put to."""
    person = User.objects.filter(username=member.strip(), is_active=True).first()
    if (
        person is None
        or has_perm(person, Perm.VIEW_CASES)
        or not has_perm(person, Perm.VIEW_AGGREGATES)
    ):
        raise InvalidInput({"member": "Enter the username of an elected member"})
    with writes.change(
        FeedbackItem, item_id, actor=actor, version=version, policy=FEEDBACK, action="manage"
    ) as c:
        if c.obj.channel != Channel.CHALLENGE_CARD:
            raise InvalidInput({"member": "Only a challenge card is put to an elected member"})
        c.set(addressed_to=person)
        return c.commit(summary=f"Challenge card {item_id}: put to {person.username}")


def challenge_card_answer(
    *, actor: Any, item_id: int, response: str, version: int | None = None
) -> FeedbackItem:
    """The elected member a card was put to answers it (or the QA unit, for them)."""
    if not response.strip():
        raise InvalidInput({"response": "Enter the answer to the challenge card"})
    with writes.change(
        FeedbackItem, item_id, actor=actor, version=version, policy=FEEDBACK, action="answer_card"
    ) as c:
        c.set(response=response.strip(), responded_by=actor, responded_at=clock.now())
        return c.commit(summary=f"Challenge card {item_id}: answered")
