"""A year of feedback for the demo county, from every channel, made through the services.

Fictional and generated: short plain sentences per channel, themes suggested from
their words (most confirmed by the QA unit), some answered ("you said, we did"),
a few public-form submissions linked to the conference they were about.
Loading twice adds nothing: the loader stops when the demo already has feedback.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from assure.feedback.models import Channel, FeedbackItem
from assure.feedback.services import (
    feedback_link,
    feedback_record,
    feedback_respond,
    feedback_themes_set,
)
from assure.org.models import Team, User
from assure.reviews.models import Meeting

SAYINGS: dict[str, tuple[str, ...]] = {
    Channel.CHILD: (
        "My social worker listened to me and I felt heard.",
        "I had a new worker again and had to tell my story from the start.",
        "I liked chairing my own review.",
        "Nobody told me when the meeting was.",
    ),
    Channel.PARENT_CARER: (
        "The conference was clear and the chair explained the plan.",
        "We waited weeks for a call back.",
        "Our worker was kind and supportive.",
        "We did not get the report before the meeting.",
    ),
    Channel.CIC_COUNCIL: (
        "Young people asked for more family time at weekends.",
        "The council asked for pocket money to be the same in every placement.",
    ),
    Channel.CHALLENGE_CARD: (
        "Why do we keep changing workers?",
        "Can care leavers get help with driving lessons?",
    ),
    Channel.ADVOCACY: (
        "Advocates report young people want to be involved in planning.",
        "Several children said they were not told about moving placement.",
    ),
    Channel.INDEPENDENT_VISITOR: ("Visits helped the young person feel less alone.",),
    Channel.STAFF: (
        "Supervision is regular and helps me reflect.",
        "My caseload is too high to do direct work well.",
        "The training on exploitation changed how I plan visits.",
    ),
    Channel.STAFF_SURVEY: (
        "Staff feel supported by their managers.",
        "Workload pressure is the main worry in the survey.",
    ),
    Channel.PARTNER: (
        "The school was not invited to the review.",
        "Health colleagues found the plan clear and the social worker easy to reach.",
    ),
    Channel.COMPLAINT: (
        "A complaint that letters arrived late and a meeting was missed.",
        "A complaint that the family were not told about a change of worker.",
    ),
    Channel.COMPLIMENT: ("A compliment for a worker who was kind and kept the family informed.",),
}
WEIGHTS = {
    Channel.CHILD: 6,
    Channel.PARENT_CARER: 8,
    Channel.CIC_COUNCIL: 1,
    Channel.CHALLENGE_CARD: 1,
    Channel.ADVOCACY: 2,
    Channel.INDEPENDENT_VISITOR: 1,
    Channel.STAFF: 5,
    Channel.STAFF_SURVEY: 2,
    Channel.PARTNER: 3,
    Channel.COMPLAINT: 3,
    Channel.COMPLIMENT: 2,
}
RESPONSES = (
    "Chairs now check that everyone has had the report two days before.",
    "Managers now call back within two working days.",
    "Workers changing now introduce the new worker in person.",
    "Shared with teams at the practice forum.",
)


def feedback_demo_load(*, today: date, items: int = 240) -> int:
    """A year of feedback up to `today`; nothing when the demo already holds some."""
    if FeedbackItem.objects.exists():
        return 0
    qa = User.objects.filter(username="demo-qa").first()
    if qa is None:
        return 0
    rng = random.Random(2026)
    teams = list(Team.objects.filter(district__isnull=False).order_by("name")[:40])
    channels = list(WEIGHTS)
    weights = [WEIGHTS[c] for c in channels]
    meetings = list(Meeting.objects.filter(date__lte=today).order_by("-date")[:20])
    made = 0
    for n in range(items):
        channel = rng.choices(channels, weights)[0]
        received = today - timedelta(days=rng.randrange(0, 365))
        team = rng.choice(teams) if teams and rng.random() < 0.7 else None
        item = feedback_record(
            actor=qa,
            channel=channel,
            received_on=received,
            text=rng.choice(SAYINGS[channel]),
            team=team.name if team else "",
            rating=rng.randint(1, 5) if rng.random() < 0.6 else None,
        )
        made += 1
        age = (today - received).days
        if age > 30 and rng.random() < 0.8:  # older feedback has had its themes confirmed
            item = feedback_themes_set(
                actor=qa,
                item_id=item.pk,
                theme_ids=[t.pk for t in item.themes.all()],
                version=item.version,
            )
        if channel == Channel.PARENT_CARER and meetings and n % 7 == 0:
            item = feedback_link(
                actor=qa, item_id=item.pk, meeting_id=meetings.pop().pk, version=item.version
            )
        if age > 45 and rng.random() < 0.4:
            feedback_respond(
                actor=qa, item_id=item.pk, response=rng.choice(RESPONSES), version=item.version
            )
    return made


__all__ = ["feedback_demo_load"]
