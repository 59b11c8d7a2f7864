"""A year of case audit history for the demo county, and the cycle it is in now.

Three finalised cycles (both audit rounds sampled, allocated, audited,
moderated and finalised, with their actions, action checks and each team's
appreciative inquiry) are written in bulk for speed, each row in a state the
services could have produced: versions that count the steps, an AuditChange
for every step, an audit trail event for every change, a moderation with a
reason wherever the grade changed, actions with their own history, reminders
and escalations where an action ran late.

The current cycle goes through the services themselves: month 1 is allocated
and under way (the demo auditor has audits waiting and some submitted for the
demo moderator), and the QA unit has month 3's sample drawn for review.

Grades follow each team's practice (mostly good or requires improvement) and
improve a little cycle by cycle; a few auditors grade systematically above or
below what moderation agrees, so calibration has something to find. The text
answers are assembled from fragments of what auditors write, so the phrases
that recur are the ones the text analytics should surface.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from assure.actions.models import Action, ActionUpdate
from assure.core import clock
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.working_days import add_working_days, is_working_day
from assure.instruments.definitions import Question, ToolDefinition
from assure.instruments.models import Tool
from assure.instruments.registry import tool_current
from assure.org.models import Case, Team, User
from assure.org.selectors import service_managers_of

from . import sampling, services
from .models import (
    ActionCheck,
    AppreciativeInquiry,
    Audit,
    AuditChange,
    CalendarEntry,
    Cycle,
    Moderation,
    Sample,
    SampleItem,
    add_months,
)

SEED = 20261127
PER_ROUND = 160
# Worst first: index + 1 is the grade's rank (models.GRADE_RANK).
RANKED = ["inadequate", "requires_improvement", "good", "outstanding"]
DEMO_TEAM = "Ashmere Family Support"
# The demo auditor also audits cases of the other teams the demo moderator covers.
DEMO_AUDITOR_SHARE_PAST = 6
DEMO_AUDITOR_SHARE_NOW = 20
DEMO_AUDITOR_SUBMITTED = 6

# What auditors write -----------------------------------------------------------

STRENGTHS: dict[str, list[str]] = {
    "referral": [
        "The referral was screened within a working day and the decision to progress to "
        "assessment is clearly recorded.",
        "Information from school and health was gathered promptly at the front door.",
        "Previous referrals were reviewed and the history of neglect was considered in the "
        "response.",
        "The response was proportionate and the family were told why the referral was made.",
        "Consent was sought and recorded before checks were made with partner agencies.",
        "A strategy discussion was held on the same day with police, health and education.",
    ],
    "assessment": [
        "The assessment gives a clear picture of the child's lived experience and daily routine.",
        "The child's voice is clearly heard: their wishes and feelings are recorded in their "
        "own words.",
        "The analysis weighs risks against strengths and is clear about what needs to change.",
        "Fathers and the wider family were included in the assessment.",
        "The assessment draws on a genogram and ecomap completed with the family.",
        "The family's culture, identity and faith are thoughtfully considered.",
    ],
    "planning": [
        "The child's plan is SMART, with clear outcomes, named people and timescales.",
        "Risks are identified clearly and there is a contingency plan if things do not improve.",
        "Core group meetings are regular and the plan is reviewed at each one.",
        "The family were involved in writing the plan and understand what is expected of them.",
        "The plan is written in plain language that the child and family can understand.",
        "Safety planning with the mother is detailed and regularly revisited.",
    ],
    "oversight": [
        "Management oversight is evident at key decision points, with a clear rationale recorded.",
        "Supervision is regular and reflective, and actions from supervision are followed up.",
        "The team manager's case direction is clear and focused on the child's outcomes.",
        "Decisions to step down were agreed by the manager with a clear rationale.",
        "Management oversight is evident and timely throughout the file.",
    ],
    "interventions": [
        "Direct work with the child is purposeful and creative, using tools suited to their age.",
        "The practitioner has built a trusting relationship with the child, who speaks warmly "
        "of them.",
        "The interventions are making a visible difference: school attendance has improved.",
        "Visits are purposeful and recorded promptly, and the child is seen alone.",
        "A family group conference helped the wider family to support the plan.",
    ],
    "practitioner": [
        "The practitioner feels well supported by the team manager and peers.",
        "The practitioner spoke confidently about the child and the plan.",
        "Reflective group supervision has helped the practitioner think about risk.",
        "The practitioner valued the time to reflect on the case with the auditor.",
    ],
}
DEVELOPMENT: dict[str, list[str]] = {
    "referral": [
        "The rationale for the decision at the front door is not recorded on the child's file.",
        "Consent was not clearly recorded before partner agency checks were made.",
        "The chronology was not updated at the point of referral, so earlier concerns were missed.",
        "There was a delay of several days between the referral and the first contact with "
        "the family.",
        "The referrer was not told the outcome of the referral.",
        "The response did not consider the pattern of repeat referrals over the last year.",
    ],
    "assessment": [
        "The assessment describes events but lacks analysis of what they mean for the child.",
        "The child's voice is missing; there is no record of seeing the child alone.",
        "The father's views and involvement are not explored in the assessment.",
        "The assessment was not completed within timescales and the reason is not recorded.",
        "The impact of domestic abuse on the child needs fuller analysis.",
        "Historical information is summarised without considering its impact on current risk.",
    ],
    "planning": [
        "The plan is not SMART: actions lack timescales and it is unclear who is responsible.",
        "There is no contingency plan should the situation deteriorate.",
        "Core group minutes are not on the file for the last two meetings.",
        "The plan has not been updated since the last review, so it no longer reflects the "
        "child's needs.",
        "Drift and delay are evident: the same actions have carried over across three reviews.",
        "The child's views are not reflected in the plan.",
    ],
    "oversight": [
        "Management oversight is not evident on the file for over three months.",
        "Supervision records list actions but do not show reflection or analysis of risk.",
        "Case direction lacks timescales and is not reviewed at the next supervision.",
        "The rationale for key decisions is not recorded by the manager.",
    ],
    "interventions": [
        "Direct work with the child is not recorded, so its impact cannot be seen.",
        "Visits are not always purposeful and the child is not always seen alone.",
        "The impact of the interventions on the child's day-to-day life is not evidenced.",
        "Referrals to parenting support were delayed, which slowed progress.",
        "Case notes are not up to date, with some visits recorded weeks later.",
    ],
    "practitioner": [
        "The practitioner's caseload is high and they reported feeling stretched.",
        "The practitioner would welcome more reflective supervision on this case.",
        "The practitioner was unsure of the contingency plan and would like clearer case "
        "direction.",
        "Training on working with neglect has been requested but not yet booked.",
    ],
}
# Service-specific sections: their own fragments, plus the nearest general area's.
SECTION_TOPICS: dict[str, tuple[str, list[str], list[str]]] = {
    "yj_assessment": (
        "assessment",
        ["AssetPlus was completed on time and reflects the child's experience of exploitation."],
        ["AssetPlus does not reflect the latest offending or the risk of criminal exploitation."],
    ),
    "yj_planning": (
        "planning",
        ["Interventions are tailored to the child's speech, language and learning needs."],
        ["The intervention plan was not reviewed after the change of order."],
    ),
    "yj_partnership": (
        "interventions",
        ["Victims were contacted and their views informed the restorative work."],
        ["Information sharing with police and education needs to be timelier."],
    ),
    "yj_oversight": ("oversight", [], []),
    "raa_planning": (
        "planning",
        ["Family finding started early and the matching was thorough."],
        ["Delay in family finding was not escalated."],
    ),
    "raa_adopters": (
        "assessment",
        ["The adopters' assessment is thorough and their support plan is clear."],
        ["The adoption support plan lacks detail on therapeutic support."],
    ),
    "raa_life_story": (
        "interventions",
        ["The life story book is warm, honest and written for the child."],
        ["The later life letter has not been started."],
    ),
    "raa_oversight": (
        "oversight",
        ["Panel recommendations were followed up promptly."],
        [],
    ),
    "sen_assessment": (
        "assessment",
        ["Advice from education, health and care was gathered within timescales."],
        ["Health advice arrived late, delaying the draft plan."],
    ),
    "sen_plan": (
        "planning",
        ["The plan's outcomes are specific and the child's aspirations are in their own words."],
        ["Outcomes in the EHC plan are not specific or measurable."],
    ),
    "sen_review": (
        "planning",
        ["The annual review was held on time and the child took part."],
        ["Amendments agreed at the annual review were not issued within timescales."],
    ),
}
GENERAL_STRENGTHS = [
    "The child's voice is clear throughout the file.",
    "Recording is up to date and written to the child.",
    "There is good multi-agency working with school and health.",
    "The practitioner knows the child well.",
]
GENERAL_DEVELOPMENT = [
    "Recording should be written to the child.",
    "The chronology needs updating.",
    "Multi-agency information sharing needs to be timelier.",
    "Timescales slipped without a recorded reason.",
]
# Where the auditor saw it: makes each answer read like one about a particular file.
SEEN_STRENGTH = [
    "Seen in the case notes of the last three visits.",
    "The school confirmed this at the last core group.",
    "The practitioner gave examples of this in the audit conversation.",
    "Evident in the most recent supervision record.",
    "The family spoke about this when the auditor called them.",
    "Clear in the review minutes from last month.",
    "This has been consistent since the case was allocated.",
    "Health colleagues commented on this at the strategy meeting.",
]
SEEN_DEVELOPMENT = [
    "Discussed with the practitioner, who agreed.",
    "This was also raised at the last audit of this team.",
    "The practitioner explained that the work happened but was not recorded.",
    "This has been picked up in supervision since the audit.",
    "Agreed as an action with a date.",
    "The recent change of worker contributed to this.",
    "The manager is aware and has set a timescale.",
    "Linked to high caseloads in the team over the summer.",
]
FRAMEWORK_HOW = [
    "Relational, restorative practice is evident: the practitioner works with the family, "
    "not to them.",
    "Strengths-based language is used throughout and the family's own solutions are recorded.",
    "Danger statements and safety goals are written in words the family understand.",
    "Family network meetings are used to build a safety plan around the child.",
    "The practice framework is referred to in supervision but is not yet visible in the plan.",
]
TRAINING_IMPACT = [
    "Since the neglect training the practitioner uses the graded care profile routinely.",
    "Training on trauma-informed practice shows in how the practitioner talks with the child.",
    "The practitioner now writes case notes to the child after the recording workshop.",
    "Domestic abuse training has improved the safety planning with the mother.",
    "The practitioner has not had recent training relevant to this case.",
]
CHILD_SAID = [
    "She said her social worker listens to her and helps with school.",
    "He said he likes the visits and that things at home are calmer now.",
    "She said she did not always know why the social worker was visiting.",
    "He said he wants to see his dad more often.",
    "She said she feels safe at home now and wants things to stay the same.",
    "He said he would like the same social worker to stay with him.",
]
FAMILY_SAID = [
    "Mum said the social worker is honest with her and explains things clearly.",
    "Dad said he felt left out of meetings until recently.",
    "The carers said they feel well supported and kept informed.",
    "Mum said there have been too many changes of worker.",
    "Grandparents said the family meeting helped everyone understand the plan.",
    "The family said they know what they need to do and feel listened to.",
]
AI_WENT_WELL = [
    "Audits showed purposeful direct work with children across the team.",
    "Management oversight was visible on most of the files we audited.",
    "Children's voices came through clearly in assessments this cycle.",
    "Plans were more SMART than last cycle, with clearer contingency plans.",
    "Practitioners said the audit conversations felt supportive, not a test.",
    "Recording was more up to date than at the last audit.",
    "Fathers were more often included in assessments and plans.",
    "Multi-agency working with schools was strong across the audited cases.",
]
AI_MADE_IT_WORK = [
    "Protected time for reflective supervision every month.",
    "A stable team with manageable caseloads this cycle.",
    "Weekly group case discussions led by the senior practitioner.",
    "Completing the audit with the practitioner rather than about them.",
    "The practice framework training that most of the team attended.",
    "Good relationships with the designated safeguarding leads in local schools.",
    "Business support keeping chronologies and minutes up to date.",
    "Managers modelling reflective recording in case direction.",
]
AI_DIFFERENTLY = [
    "We would update chronologies as we go rather than just before audit.",
    "We would record direct work straight after visits.",
    "We would write contingency plans at the first core group, not later.",
    "We would make management oversight more reflective, not only a list of actions.",
    "We would involve fathers from the start of an assessment.",
    "We would seek the child's feedback more routinely.",
    "We would review drift at every supervision, not only at reviews.",
    "We would share audit findings with the whole team sooner.",
]
AI_WILL_TRY = [
    "A monthly chronology clinic led by a senior practitioner.",
    "A one-page plan template written with and for the child.",
    "Peer observation of direct work, with feedback in group supervision.",
    "A recording week where everyone writes case notes to the child.",
    "Asking every child two feedback questions at the end of a visit.",
    "Pairing newly qualified workers with an experienced buddy for audits.",
    "Reflective group supervision every fortnight using the audit findings.",
    "A shared tracker for contingency plans reviewed at team meetings.",
]
AI_PARTICIPANTS = [
    "Team manager, two senior practitioners, four social workers and a family support worker.",
    "Team manager, practice development manager and the whole team.",
    "Team manager, social workers, business support and a student social worker.",
    "Service manager, team manager and five practitioners.",
]
ACTIONS = [
    "Update the chronology and add the significant events from the last year.",
    "Review the child's plan with the family so that it is SMART, with a contingency plan.",
    "Record the management rationale for the decision to step down.",
    "Complete direct work to capture the child's wishes and feelings, and record it.",
    "Share the updated assessment with the family and record their views.",
    "Convene a core group meeting and put the minutes on the file.",
    "Complete a genogram and ecomap with the family.",
    "Make contact with the child's father and include his views in the assessment.",
    "Book the practitioner onto the neglect training and discuss it in supervision.",
    "Record reflective supervision on this case within the month.",
    "Write up the outstanding visits and see the child alone at the next visit.",
    "Refer the family to the parenting support programme and track the referral.",
    "Start the life story work and agree who will complete it.",
    "Request the outstanding health advice and escalate if it is not received.",
    "Update the safety plan with the mother and share it with the school.",
    "Seek the child's feedback on the plan using an age-appropriate tool.",
]
EVIDENCE = [
    "Chronology updated and checked in supervision.",
    "Revised plan agreed at the core group; copy on the file.",
    "Direct work session recorded; the child's words are in the assessment.",
    "Manager's rationale added to the case record.",
    "Minutes of the meeting uploaded to the child's record.",
    "Genogram and ecomap completed with mum and grandmother.",
]
DONE_NOTES = [
    "Done and checked by the team manager.",
    "Completed; discussed in supervision.",
    "Completed with the family at the last visit.",
    "Done. The plan has been shared with the family and school.",
    "Completed and recorded on the child's file.",
]
CANCEL_NOTES = [
    "The case closed before the action could be completed.",
    "Superseded by the new plan agreed at the review.",
    "The child moved out of the county and the case transferred.",
]
CHECK_NOTES = {
    ActionCheck.Outcome.DONE: [
        "Seen on the file at the moderation meeting.",
        "Confirmed by the practitioner and visible in the record.",
    ],
    ActionCheck.Outcome.PARTLY: [
        "Started; the practitioner will finish it this month.",
        "Partly done: the plan is updated but not yet shared with the family.",
    ],
    ActionCheck.Outcome.NOT_DONE: [
        "Not started; carried forward with a new date.",
        "Not done because of sickness in the team; agreed to prioritise.",
    ],
}
# Reasons a moderator gives for moving a grade down (the auditor was generous) or up.
REASONS_DOWN = [
    "The plan is not SMART and the contingency plan is missing, so practice is not yet good.",
    "Management oversight is not evident for several months; this does not meet the "
    "descriptor for good.",
    "The child's voice is not clear in the assessment or the plan.",
    "Drift in the plan is not recognised in the audit; the evidence supports a lower grade.",
    "Risks from domestic abuse are not analysed, which the grade does not reflect.",
    "The audit credits intentions rather than the impact on the child.",
]
REASONS_UP = [
    "The impact on the child is clearer than the audit allows: attendance and wellbeing have "
    "improved.",
    "Direct work is purposeful and well recorded; this meets the descriptor for the higher grade.",
    "The auditor was harsh on recording delays that were explained and put right.",
    "Management oversight is strong and the plan is SMART; practice is better than graded.",
    "The child's voice runs through the file; the evidence supports a higher grade.",
]
CHALLENGES = [
    "Grade kept after discussion, but the analysis of risk needs strengthening before the "
    "next review.",
    "Challenged whether the plan is SMART enough for this grade; agreed to keep it with an action.",
    "Discussed whether the child's voice was strong enough; grade kept.",
    "Questioned the evidence for management oversight; the auditor showed it in supervision notes.",
]
MODERATION_NOTES = [
    "Auditor and practitioner attended; a reflective discussion.",
    "Practitioner attended; the auditor joined online.",
    "Good discussion of the child's lived experience and what would make a difference.",
    "Agreed learning to share at the team meeting.",
    "",
]


# Small helpers --------------------------------------------------------------------


def _when(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _working_on_or_after(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _some_day(rng: random.Random, first: date, last: date) -> date:
    """A working day between `first` and `last` (or `first` itself when the range is empty)."""
    span = max(0, (last - first).days)
    return _working_on_or_after(first + timedelta(days=rng.randint(0, span)))


def _later(rng: random.Random, after: datetime, day: date) -> datetime:
    """A working-hours moment on `day`, strictly after `after`."""
    moment = _when(day, rng.randint(9, 16), rng.randint(0, 59))
    if moment <= after:
        moment = after + timedelta(minutes=rng.randint(5, 90))
    return moment


def _cycle_number(starts_on: date) -> int:
    return (starts_on.month - 1) // 4 + 1


def _sentences(rng: random.Random, pool: Sequence[str], n: int) -> list[str]:
    return rng.sample(list(pool), min(n, len(pool)))


def _text(rng: random.Random, section: str, theme: str, rank: int) -> str:
    topic, own_s, own_d = SECTION_TOPICS.get(section, (section, [], []))
    if theme == "strengths":
        pool = own_s + STRENGTHS.get(topic, GENERAL_STRENGTHS)
        n = {1: 1, 2: rng.randint(1, 2), 3: 2, 4: rng.randint(2, 3)}[rank]
        general = GENERAL_STRENGTHS
    else:
        pool = own_d + DEVELOPMENT.get(topic, GENERAL_DEVELOPMENT)
        n = {1: rng.randint(2, 3), 2: 2, 3: rng.randint(1, 2), 4: 1}[rank]
        general = GENERAL_DEVELOPMENT
    chosen = _sentences(rng, pool, n)
    if rng.random() < 0.3:
        chosen.append(rng.choice(general))
    if rng.random() < 0.6:
        chosen.append(rng.choice(SEEN_STRENGTH if theme == "strengths" else SEEN_DEVELOPMENT))
    if theme == "development" and rank == 4:
        chosen = [f"Keep this up. {chosen[0]}"]
    return " ".join(chosen)


def demo_answer(
    rng: random.Random, question: Question, section: str, rank: int, answers: dict[str, Any]
) -> Any:
    """A plausible answer to one question for a case whose practice merits `rank` (1 to 4)."""
    if question.type == "scale":
        low, high = question.min or 0, question.max or 10
        share = {1: 0.22, 2: 0.45, 3: 0.68, 4: 0.86}[rank] + rng.gauss(0, 0.12)
        return max(low, min(high, round(low + share * (high - low))))
    if question.type == "choice":
        n = len(question.options)
        best = {4: 0.0, 3: 0.15, 2: 0.45, 1: 0.75}[rank]  # how far down the list it leans
        index = min(n - 1, max(0, round(best * (n - 1) + rng.gauss(0, 0.5))))
        return question.options[index].value
    if question.type == "yes_no":
        roll = rng.random()
        if question.allow_na and roll < 0.12:
            return "n/a"
        return "yes" if roll < 0.75 + 0.04 * rank else "no"
    if question.type == "date":
        return clock.today().isoformat()
    if question.theme in ("strengths", "development"):
        return _text(rng, section, question.theme, rank)
    if question.key.endswith("_feedback"):
        sought = answers.get(f"{question.key}_sought")
        if sought != "yes":
            return None
        return rng.choice(CHILD_SAID if question.key.startswith("child") else FAMILY_SAID)
    if question.key == "framework_how":
        return rng.choice(FRAMEWORK_HOW) if rng.random() < 0.8 else None
    if question.key == "training_impact":
        return rng.choice(TRAINING_IMPACT) if rng.random() < 0.6 else None
    if not question.required and rng.random() < 0.5:
        return None
    return rng.choice(GENERAL_STRENGTHS if rank >= 3 else GENERAL_DEVELOPMENT)


def demo_responses(
    rng: random.Random, tool: ToolDefinition, rank: int, *, sections: int | None = None
) -> dict[str, Any]:
    """Answers to a tool (every section, or the first `sections` for a draft)."""
    answers: dict[str, Any] = {}
    for section in tool.sections[:sections]:
        for q in section.questions:
            value = demo_answer(rng, q, section.key, rank, answers)
            if value is not None:
                answers[q.key] = value
    return answers


def inquiry_responses(rng: random.Random, session: date) -> dict[str, Any]:
    answers: dict[str, Any] = {
        "went_well": " ".join(_sentences(rng, AI_WENT_WELL, rng.randint(2, 3))),
        "made_it_work": " ".join(_sentences(rng, AI_MADE_IT_WORK, rng.randint(1, 3))),
        "differently": " ".join(_sentences(rng, AI_DIFFERENTLY, rng.randint(1, 2))),
        "will_try": " ".join(_sentences(rng, AI_WILL_TRY, rng.randint(1, 2))),
        "session_date": session.isoformat(),
    }
    if rng.random() < 0.85:
        answers["participants"] = rng.choice(AI_PARTICIPANTS)
    return answers


@contextmanager
def _timestamps_as_given(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk inserts keep the historical times set on auto_now(_add) fields.

    Only for this single-threaded loader: the flags are restored on the way out.
    """
    saved = []
    for model, name in fields:
        f = model._meta.get_field(name)
        saved.append((f, f.auto_now, f.auto_now_add))  # type: ignore[union-attr]
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add  # type: ignore[union-attr]


HISTORICAL_FIELDS: tuple[tuple[type[models.Model], str], ...] = (
    (Sample, "drawn_at"),
    (Audit, "allocated_at"),
    (AuditChange, "at"),
    (Moderation, "recorded_at"),
    (Action, "created"),
    (ActionUpdate, "at"),
    (AppreciativeInquiry, "recorded_at"),
    (AuditEvent, "at"),
)


def _bulk(model: type[models.Model], objs: list[Any], batch: int = 500) -> list[Any]:
    created = model.objects.bulk_create(objs, batch_size=batch)  # type: ignore[attr-defined]
    if created and created[0].pk is None:  # a backend that returns no ids from bulk inserts
        ids = list(
            model.objects.order_by("-pk").values_list("pk", flat=True)[: len(created)]  # type: ignore[attr-defined]
        )
        for obj, pk in zip(created, reversed(ids), strict=True):
            obj.pk = pk
    return created


# The county as the loader sees it ------------------------------------------------


@dataclass(frozen=True)
class _CaseRow:
    pk: int
    team_id: int
    worker_id: int | None
    opened_on: date
    closed_on: date | None
    ref: str


@dataclass
class _County:
    rng: random.Random
    cutoff: datetime
    teams: dict[int, Team]
    tools: dict[int, Tool]
    moderator_of: dict[int, User | None]
    users: dict[int, User]
    qa: list[User]
    demo: dict[str, User]
    cases: list[_CaseRow]
    quality: dict[int, float]
    bias: dict[int, tuple[float, float]]  # auditor: (chance graded up, chance graded down)
    last_audited: dict[int, date] = field(default_factory=dict)

    @property
    def demo_team(self) -> Team:
        return next(t for t in self.teams.values() if t.name == DEMO_TEAM)

    def shared_teams(self) -> list[int]:
        """Teams whose moderator is the demo moderator's: the demo team's first."""
        moderator = self.demo.get("demo-moderator")
        own = self.demo_team.pk
        others = sorted(
            t
            for t, m in self.moderator_of.items()
            if m is not None and moderator is not None and m.pk == moderator.pk and t != own
        )
        return [own, *others]

    def manager_of(self, user: User) -> User | None:
        manager = self.users.get(user.line_manager_id) if user.line_manager_id else None
        if manager is None and user.team_id in self.teams:
            manager = self.teams[user.team_id].manager
        return manager if manager is not None and manager.pk != user.pk else None


def _county(rng: random.Random, cutoff: datetime) -> _County:
    teams = {
        t.pk: t
        for t in Team.objects.select_related("service", "district__area", "manager").filter(
            service__kind__in=services.AUDITED_SERVICES, manager__isnull=False
        )
    }
    users = {u.pk: u for u in User.objects.all()}
    qa = list(
        User.objects.filter(
            role_assignments__role__in=["qa_pdm", "qa_sso", "qa_manager"], is_active=True
        )
        .distinct()
        .order_by("pk")
    )
    demo = {u.username: u for u in users.values() if u.username.startswith("demo-")}
    cases = [
        _CaseRow(*row)
        for row in Case.objects.filter(team_id__in=list(teams))
        .order_by("pk")
        .values_list(
            "pk", "team_id", "allocated_worker_id", "opened_on", "closed_on", "child__reference"
        )
    ]
    auditors = sorted({t.manager_id for t in teams.values() if t.manager_id})
    demo_auditor = demo.get("demo-auditor")
    others = [a for a in auditors if demo_auditor is None or a != demo_auditor.pk]
    picked = rng.sample(others, min(len(others), 7))
    bias: dict[int, tuple[float, float]] = {a: (0.07, 0.05) for a in auditors}
    for a in picked[:4]:
        bias[a] = (0.42, 0.03)  # generous: moderation often brings the grade down
    for a in picked[4:]:
        bias[a] = (0.03, 0.38)  # harsh: moderation often lifts the grade
    if demo_auditor is not None:
        # The demo's drifting auditor: generous often enough that moderation's pull
        # down shows on any day the demo is loaded, not only on a lucky draw.
        bias[demo_auditor.pk] = (0.6, 0.02)
    return _County(
        rng=rng,
        cutoff=cutoff,
        teams=teams,
        tools={pk: services.tool_for_team(t) for pk, t in teams.items()},
        moderator_of={pk: next(iter(service_managers_of(t)), None) for pk, t in teams.items()},
        users=users,
        qa=qa or [demo["demo-qa"]],
        demo=demo,
        cases=cases,
        quality={pk: rng.gauss(0, 0.35) for pk in teams},
        bias=bias,
    )


def _grades(county: _County, team_id: int, auditor_id: int, trend: float) -> tuple[int, int]:
    """(what the practice merits, what the auditor gives), as ranks 1 to 4."""
    rng = county.rng
    merit = round(2.7 + county.quality[team_id] + trend + rng.gauss(0, 0.7))
    merit = max(1, min(4, merit))
    up, down = county.bias.get(auditor_id, (0.07, 0.05))
    roll = rng.random()
    given = merit
    if roll < up:
        # A generous auditor calls good practice outstanding; where the practice is
        # already outstanding, the generosity lies in what came before (the practice
        # merits good). Either way moderation brings the grade down.
        merit = min(merit, 3)
        given = merit + 1
    elif up <= roll < up + down and merit > 1:
        given = merit - 1
    return merit, given


def _allocation(county: _County, items: list[SampleItem], share: int) -> dict[int, User]:
    """Auditors for a sample's items: each team's manager, with the demo auditor taking up to
    `share` cases of the teams the demo moderator covers (own team first)."""
    demo_auditor = county.demo.get("demo-auditor")
    chosen: dict[int, User] = {}
    if demo_auditor is not None:
        by_team: dict[int, list[SampleItem]] = {}
        for item in items:
            by_team.setdefault(item.team_id, []).append(item)
        order = [by_team.get(t, []) for t in county.shared_teams()]
        queue = list(order[0]) if order else []
        for round_robin in range(max((len(o) for o in order), default=0)):
            queue += [o[round_robin] for o in order[1:] if len(o) > round_robin]
        for item in queue[:share]:
            chosen[item.pk] = demo_auditor
    return chosen


# The history: finalised cycles written in bulk ---------------------------------------


@dataclass
class _ActionPlan:
    action: Action
    creator: User
    phase: str  # "audit" while auditing, "moderation" after the meeting
    steps: list[tuple[datetime, User, str, str, str]]  # at, actor, kind, new status, text
    reminded: datetime | None = None
    escalated: tuple[datetime, User] | None = None

    def state_at(self, moment: datetime) -> str:
        state: str = Action.Status.OPEN
        for at, _, kind, new, _ in self.steps:
            if kind == "status" and at <= moment:
                state = new
        return state


@dataclass
class _AuditPlan:
    audit: Audit
    ref: str
    allocator: User
    drafts: list[tuple[datetime, list[str]]]
    moderated_at: datetime
    moderation: Moderation
    actions: list[_ActionPlan] = field(default_factory=list)


def _action_story(
    county: _County,
    *,
    team_id: int,
    ref: str,
    creator: User,
    owner: User,
    created: datetime,
    phase: str,
) -> _ActionPlan:
    rng = county.rng
    due = _working_on_or_after(created.date() + timedelta(days=rng.randint(20, 42)))
    action = Action(
        description=rng.choice(ACTIONS),
        owner=owner,
        created_by=creator,
        created=created,
        due_date=due,
        source_type="audit",
        team=county.teams[team_id],
        child_ref=ref,
    )
    steps: list[tuple[datetime, User, str, str, str]] = []
    at = created

    def step(days: int, actor: User, kind: str, status: str = "", text: str = "") -> None:
        nonlocal at
        at = _later(rng, at, _working_on_or_after(created.date() + timedelta(days=days)))
        steps.append((at, actor, kind, status, text))

    fate = rng.random()
    if fate < 0.03:
        step(
            rng.randint(7, 30), creator, "status", Action.Status.CANCELLED, rng.choice(CANCEL_NOTES)
        )
    elif fate < 0.85:
        finish = rng.randint(7, 55)
        if rng.random() < 0.7:
            step(rng.randint(2, max(2, finish - 3)), owner, "status", Action.Status.IN_PROGRESS)
        if rng.random() < 0.6:
            step(finish - 1, owner, "evidence", text=rng.choice(EVIDENCE))
        step(finish, owner, "status", Action.Status.DONE, rng.choice(DONE_NOTES))
    elif rng.random() < 0.5:
        step(rng.randint(5, 20), owner, "status", Action.Status.IN_PROGRESS)
    story = _ActionPlan(
        action=action,
        creator=creator,
        phase=phase,
        steps=[s for s in steps if s[0] <= county.cutoff],
    )
    action.status = story.state_at(county.cutoff)
    action.version = 1 + len(story.steps)  # every step bumps it; reminders do not
    done = [s[0] for s in story.steps if s[3] == Action.Status.DONE]
    action.completed_at = done[0] if done and action.status == Action.Status.DONE else None

    def outstanding_at(moment: datetime) -> bool:
        return story.state_at(moment) in Action.OUTSTANDING

    reminder = _when(due + timedelta(days=1), 8)
    if reminder <= county.cutoff and outstanding_at(reminder):
        story.reminded = action.reminded_at = reminder
        escalation = _when(max(add_working_days(due, 5), due + timedelta(days=7)), 8, 5)
        manager = county.manager_of(owner)
        if escalation <= county.cutoff and outstanding_at(escalation) and manager is not None:
            story.escalated = (escalation, manager)
            action.escalated_at = escalation
    return story


def _check(story: _ActionPlan, meeting: datetime, rng: random.Random) -> ActionCheck:
    state = story.state_at(meeting)
    outcomes: dict[str, ActionCheck.Outcome] = {
        Action.Status.DONE: ActionCheck.Outcome.DONE,
        Action.Status.IN_PROGRESS: ActionCheck.Outcome.PARTLY,
    }
    outcome = outcomes.get(state, ActionCheck.Outcome.NOT_DONE)
    note = rng.choice(CHECK_NOTES[outcome])
    if state == Action.Status.CANCELLED:
        note = "Cancelled before the meeting: no longer needed."
    return ActionCheck(action=story.action, outcome=outcome, note=note)


def _plan_audit(
    county: _County,
    *,
    cycle: Cycle,
    rnd: int,
    item: SampleItem,
    case: _CaseRow,
    auditor: User,
    allocator: User,
    trend: float,
) -> _AuditPlan:
    rng = county.rng
    month = 1 if rnd == 1 else 3
    start, due = cycle.month_start(month), cycle.month_end(month)
    moderation_due = cycle.month_end(month + 1)
    team = county.teams[item.team_id]
    tool = county.tools[team.pk]
    merit, given = _grades(county, team.pk, auditor.pk, trend)
    practitioner = county.users.get(case.worker_id) if case.worker_id else None
    moderator = county.moderator_of[team.pk]
    audit = Audit(
        cycle=cycle,
        round=rnd,
        sample_item=item,
        case_id=case.pk,
        team=team,
        tool=tool,
        auditor=auditor,
        practitioner=practitioner,
        moderator=moderator,
        status=Audit.Status.FINALISED,
        responses=demo_responses(rng, tool.parsed, merit),
        auditor_grade=RANKED[given - 1],
        due_date=due,
        moderation_due=moderation_due,
        allocated_at=_when(start, 9, rng.randint(0, 30)),
    )
    # Auditing: one or two drafts, then the submission (about one in eight late).
    keys = list(audit.responses)
    first = _later(
        rng,
        audit.allocated_at,
        _some_day(rng, start + timedelta(days=2), due - timedelta(days=8)),
    )
    if rng.random() < 0.12:
        submit_day = _working_on_or_after(due + timedelta(days=rng.randint(1, 12)))
    else:
        submit_day = _some_day(rng, first.date() + timedelta(days=1), due)
    drafts = [(first, sorted(keys))]
    if rng.random() < 0.6:
        cut = rng.randint(len(keys) // 3, len(keys) - 1)
        second = _later(rng, first, _some_day(rng, first.date(), submit_day))
        drafts = [(first, sorted(keys[:cut])), (second, sorted(keys[cut:]))]
    # The auditor's actions, set while auditing (more where practice is weaker).
    owner = practitioner or auditor
    stories: list[_ActionPlan] = []
    at = drafts[-1][0]
    weights = {4: [5, 5, 0, 0], 3: [25, 55, 20, 0], 2: [0, 50, 40, 10], 1: [0, 20, 50, 30]}[merit]
    for _ in range(rng.choices(range(4), weights)[0]):
        at = at + timedelta(minutes=rng.randint(2, 25))
        stories.append(
            _action_story(
                county,
                team_id=team.pk,
                ref=case.ref,
                creator=auditor,
                owner=owner if rng.random() < 0.8 else auditor,
                created=at,
                phase="audit",
            )
        )
    submitted = _later(rng, at, submit_day)
    audit.submitted_at = submitted
    if submitted.date() > due:  # the hourly reminder job would have noticed
        audit.reminded_at = _when(due + timedelta(days=1), 8)
        escalate = _when(add_working_days(due, 5) + timedelta(days=1), 8)
        if submitted > escalate:
            audit.escalated_at = escalate
    # Moderation: a meeting in the moderation month, then finalising within days.
    meeting = _some_day(
        rng,
        max(cycle.month_start(month + 1), submitted.date() + timedelta(days=2)),
        moderation_due - timedelta(days=3),
    )
    moderated_at = _later(rng, submitted, meeting)
    actor = moderator
    if moderator is None or rng.random() < 0.15:
        actor = rng.choice(county.qa)  # the QA unit moderates some itself
    assert actor is not None
    if audit.moderator is None:
        audit.moderator = actor
    if merit != given:
        decision = Moderation.Decision.CHANGE
        reason = rng.choice(REASONS_DOWN if given > merit else REASONS_UP)
    elif rng.random() < 0.15:
        decision, reason = Moderation.Decision.CHALLENGE, rng.choice(CHALLENGES)
    else:
        decision, reason = Moderation.Decision.AGREE, ""
    audit.moderated_grade = audit.final_grade = RANKED[merit - 1]
    moderation = Moderation(
        audit=audit,
        moderator=actor,
        meeting_date=meeting,
        decision=decision,
        grade=audit.moderated_grade,
        reason=reason,
        notes=rng.choice(MODERATION_NOTES),
        recorded_at=moderated_at,
    )
    last = moderated_at
    if rng.random() < (0.35 if decision == Moderation.Decision.CHANGE or merit <= 2 else 0.1):
        last = moderated_at + timedelta(minutes=rng.randint(5, 40))
        stories.append(
            _action_story(
                county,
                team_id=team.pk,
                ref=case.ref,
                creator=actor,
                owner=owner,
                created=last,
                phase="moderation",
            )
        )
    finalise_day = min(_some_day(rng, last.date(), last.date() + timedelta(days=4)), moderation_due)
    audit.finalised_at = _later(rng, last, max(finalise_day, last.date()))
    # Every step bumped the version: drafts, submission, actions, moderation, finalising.
    audit.version = 1 + len(drafts) + 1 + len(stories) + 1 + 1
    return _AuditPlan(
        audit=audit,
        ref=case.ref,
        allocator=allocator,
        drafts=drafts,
        moderated_at=moderated_at,
        moderation=moderation,
        actions=stories,
    )


def _event(
    actor: User | None,
    at: datetime,
    action: str,
    obj: models.Model,
    summary: str,
    *,
    child_ref: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=actor,
        actor_username=actor.username if actor is not None else "assure",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        child_ref=child_ref,
        summary=summary[:300],
        changes=changes or {},
    )


@dataclass
class _Rows:
    changes: list[AuditChange] = field(default_factory=list)
    updates: list[ActionUpdate] = field(default_factory=list)
    events: list[AuditEvent] = field(default_factory=list)

    def audit_step(
        self,
        plan: _AuditPlan,
        at: datetime,
        actor: User,
        kind: str,
        before: str,
        after: str,
        **detail: Any,
    ) -> None:
        self.changes.append(
            AuditChange(
                audit=plan.audit,
                at=at,
                actor=actor,
                kind=kind,
                from_status=before,
                to_status=after,
                detail=detail,
            )
        )
        if kind != "allocated":  # allocation is one trail event for the whole sample
            self.events.append(
                _event(
                    actor,
                    at,
                    AuditEvent.Action.UPDATE,
                    plan.audit,
                    f"Audit {plan.audit.pk}: {kind.replace('_', ' ')}",
                    child_ref=plan.ref,
                    changes=detail,
                )
            )

    def action_history(self, story: _ActionPlan, ref: str, audit_id: int) -> None:
        a = story.action
        update = AuditEvent.Action.UPDATE
        self.updates.append(
            ActionUpdate(
                action=a,
                at=a.created,
                actor=story.creator,
                kind=ActionUpdate.Kind.CREATED,
                to_value=f"for {a.owner}, due {a.due_date.day} {a.due_date:%B %Y}",
            )
        )
        self.events.append(
            _event(
                story.creator,
                a.created,
                AuditEvent.Action.CREATE,
                a,
                f"Raised action {a.pk} for {a.owner.username}",
                child_ref=ref,
                changes={
                    "owner": a.owner.username,
                    "due_date": a.due_date.isoformat(),
                    "source": f"audit:{audit_id}",
                    "team": str(a.team),
                },
            )
        )
        timeline: list[tuple[datetime, User | None, str, str, str]] = list(story.steps)
        if story.reminded:
            timeline.append((story.reminded, None, "reminded", "", ""))
        if story.escalated:
            timeline.append((story.escalated[0], story.escalated[1], "escalated", "", ""))
        status = Action.Status.OPEN
        for at, actor, kind, new, text in sorted(timeline, key=lambda s: s[0]):
            if kind == "status":
                old_label, new_label = status.label, Action.Status(new).label
                self.updates.append(
                    ActionUpdate(
                        action=a,
                        at=at,
                        actor=actor,
                        kind=ActionUpdate.Kind.STATUS,
                        from_value=old_label,
                        to_value=new_label,
                        text=text,
                    )
                )
                self.events.append(
                    _event(
                        actor,
                        at,
                        update,
                        a,
                        f"Action {a.pk}: {old_label.lower()} to {new_label.lower()}",
                        child_ref=ref,
                        changes={"status": [status.value, new]},
                    )
                )
                status = Action.Status(new)
            elif kind == "evidence":
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, actor=actor, kind=ActionUpdate.Kind.EVIDENCE, text=text
                    )
                )
                self.events.append(
                    _event(
                        actor,
                        at,
                        update,
                        a,
                        f"Added evidence to action {a.pk}",
                        child_ref=ref,
                        changes={"evidence": len(text)},
                    )
                )
            elif kind == "reminded":
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, kind=ActionUpdate.Kind.REMINDED, to_value=str(a.owner)
                    )
                )
                self.events.append(
                    _event(None, at, update, a, f"Reminded owner of action {a.pk}", child_ref=ref)
                )
            else:  # escalated: `actor` is the manager told, not someone acting
                assert actor is not None
                self.updates.append(
                    ActionUpdate(
                        action=a, at=at, kind=ActionUpdate.Kind.ESCALATED, to_value=str(actor)
                    )
                )
                self.events.append(
                    _event(
                        None,
                        at,
                        update,
                        a,
                        f"Told {actor.username} that action {a.pk} is overdue",
                        child_ref=ref,
                    )
                )

    def audit_history(self, plan: _AuditPlan) -> None:
        audit, m = plan.audit, plan.moderation
        assert audit.submitted_at is not None and audit.finalised_at is not None
        self.audit_step(
            plan,
            audit.allocated_at,
            plan.allocator,
            "allocated",
            "",
            Audit.Status.ALLOCATED,
            auditor=audit.auditor.username,
        )
        status: str = Audit.Status.ALLOCATED
        for at, keys in plan.drafts:
            self.audit_step(
                plan, at, audit.auditor, "draft_saved", status, "in_progress", questions=keys
            )
            status = Audit.Status.IN_PROGRESS

        def actions_added(phase: str, status: str) -> None:
            for story in plan.actions:
                if story.phase == phase:
                    self.audit_step(
                        plan,
                        story.action.created,
                        story.creator,
                        "action_added",
                        status,
                        status,
                        action=story.action.pk,
                        owner=story.action.owner.username,
                    )

        actions_added("audit", status)
        self.audit_step(
            plan,
            audit.submitted_at,
            audit.auditor,
            "submitted",
            status,
            Audit.Status.SUBMITTED,
            grade=audit.auditor_grade,
        )
        self.audit_step(
            plan,
            plan.moderated_at,
            m.moderator,
            "moderated",
            Audit.Status.SUBMITTED,
            Audit.Status.IN_MODERATION,
            decision=m.decision,
            auditor_grade=audit.auditor_grade,
            moderated_grade=m.grade,
            reason=m.reason,
        )
        actions_added("moderation", Audit.Status.IN_MODERATION)
        self.audit_step(
            plan,
            audit.finalised_at,
            m.moderator,
            "finalised",
            Audit.Status.IN_MODERATION,
            Audit.Status.FINALISED,
            final_grade=audit.final_grade,
        )
        for story in plan.actions:
            self.action_history(story, plan.ref, audit.pk)


@dataclass
class _Round:
    sample: Sample
    items: list[SampleItem]
    allocator: User
    allocated_at: datetime


def _inquiries(county: _County, cycle: Cycle, plans: list[_AuditPlan], rows: _Rows) -> None:
    """Each team's appreciative inquiry late in month 2, drawing on its finalised audits;
    and some group supervisions with the same tool in month 4."""
    rng = county.rng
    tool = tool_current("appreciative_inquiry")
    by_team: dict[int, list[_AuditPlan]] = {}
    for plan in plans:
        by_team.setdefault(plan.audit.team_id, []).append(plan)
    demo_team = county.demo_team.pk
    made: list[tuple[AppreciativeInquiry, list[int]]] = []
    for team in county.teams.values():
        assert team.manager is not None
        sessions = [(AppreciativeInquiry.Kind.TEAM, 2)]
        if team.pk == demo_team or rng.random() < 0.15:
            sessions.append((AppreciativeInquiry.Kind.GROUP_SUPERVISION, 4))
        for kind, month in sessions:
            end = cycle.month_end(month)
            day = _some_day(rng, end - timedelta(days=12), end - timedelta(days=2))
            at = _when(day, rng.randint(13, 16), rng.randint(0, 59))
            linked = [
                p.audit.pk
                for p in by_team.get(team.pk, [])
                if p.audit.finalised_at is not None and p.audit.finalised_at <= at
            ]
            inquiry = AppreciativeInquiry(
                team=team,
                cycle=cycle,
                kind=kind,
                tool=tool,
                responses=inquiry_responses(rng, day),
                recorded_by=team.manager,
                recorded_at=at,
            )
            made.append((inquiry, linked))
    _bulk(AppreciativeInquiry, [i for i, _ in made])
    through = AppreciativeInquiry.audits.through
    _bulk(
        through,
        [
            through(appreciativeinquiry_id=i.pk, audit_id=a)  # type: ignore[misc]
            for i, linked in made
            for a in linked
        ],
        batch=1000,
    )
    rows.events += [
        _event(
            i.recorded_by,
            i.recorded_at,
            AuditEvent.Action.CREATE,
            i,
            f"Recorded {i.get_kind_display().lower()} for {i.team}",
        )
        for i, _ in made
    ]


def _calendar(cycle: Cycle) -> None:
    services.cycle_calendar_create(cycle)


def _past_cycles(county: _County, starts: list[date], per_round: int) -> int:
    """Finalised cycles starting on each of `starts`. Returns how many audits they hold."""
    rng = county.rng
    rows = _Rows()
    case_of = {c.pk: c for c in county.cases}
    ordered = sorted(starts)
    all_plans: list[_AuditPlan] = []
    with _timestamps_as_given(*HISTORICAL_FIELDS):
        for k, start in enumerate(ordered):
            qa = rng.choice(county.qa)
            cycle = Cycle.objects.create(
                year=start.year, number=_cycle_number(start), starts_on=start
            )
            _calendar(cycle)
            rows.events.append(
                _event(
                    qa,
                    _when(_working_on_or_after(start - timedelta(days=40)), 10),
                    AuditEvent.Action.CREATE,
                    cycle,
                    f"Created the audit cycle {cycle.label}",
                )
            )
            trend = 0.1 * (k - len(ordered) + 1)  # practice improves a little each cycle
            plans: list[_AuditPlan] = []
            rounds: list[_Round] = []
            for rnd in (1, 2):
                month_start = cycle.month_start(1 if rnd == 1 else 3)
                drawn = _when(_working_on_or_after(month_start - timedelta(days=8)), 11)
                since = add_months(month_start, -6)
                eligible = [
                    (c.pk, c.team_id)
                    for c in county.cases
                    if c.opened_on < drawn.date()
                    and (c.closed_on is None or c.closed_on > month_start)
                    and county.last_audited.get(c.pk, date.min) < since
                ]
                seed = rng.randrange(10**9)
                draws = sampling.draw_sample(eligible, target=per_round, min_per_team=1, seed=seed)
                sample = Sample.objects.create(
                    cycle=cycle,
                    round=rnd,
                    seed=seed,
                    target_size=per_round,
                    min_per_team=1,
                    exclude_months=6,
                    eligible_cases=len(eligible),
                    drawn_at=drawn,
                    drawn_by=qa,
                    status=Sample.Status.ALLOCATED,
                )
                items = _bulk(
                    SampleItem,
                    [
                        SampleItem(
                            sample=sample,
                            case_id=d.case_id,
                            team_id=d.team_id,
                            stratum_size=d.stratum_size,
                            stratum_quota=d.stratum_quota,
                            draw=d.draw,
                        )
                        for d in draws
                    ],
                    batch=1000,
                )
                rounds.append(_Round(sample, items, qa, _when(month_start, 9)))
                auditors = _allocation(county, items, DEMO_AUDITOR_SHARE_PAST)
                for item in items:
                    county.last_audited[item.case_id] = month_start
                    manager = county.teams[item.team_id].manager
                    assert manager is not None
                    plans.append(
                        _plan_audit(
                            county,
                            cycle=cycle,
                            rnd=rnd,
                            item=item,
                            case=case_of[item.case_id],
                            auditor=auditors.get(item.pk) or manager,
                            allocator=qa,
                            trend=trend,
                        )
                    )
            _bulk(Audit, [p.audit for p in plans])
            stories = [(p, s) for p in plans for s in p.actions]
            for p, s in stories:
                s.action.source_id = str(p.audit.pk)
            _bulk(Action, [s.action for _, s in stories])
            _bulk(Moderation, [p.moderation for p in plans])
            checks = []
            for p in plans:
                for s in p.actions:
                    if s.phase == "audit":
                        check = _check(s, p.moderated_at, rng)
                        check.moderation = p.moderation
                        checks.append(check)
            _bulk(ActionCheck, checks)
            for r in rounds:
                label = f"{cycle.label} round {r.sample.round}"
                rows.events.append(
                    _event(
                        r.allocator,
                        r.sample.drawn_at,
                        AuditEvent.Action.CREATE,
                        r.sample,
                        f"Drew {len(r.items)} cases for {label}",
                        changes={
                            "seed": r.sample.seed,
                            "target": r.sample.target_size,
                            "min_per_team": 1,
                            "exclude_months": 6,
                            "eligible": r.sample.eligible_cases,
                        },
                    )
                )
                rows.events.append(
                    _event(
                        r.allocator,
                        r.allocated_at,
                        AuditEvent.Action.CREATE,
                        r.sample,
                        f"Allocated {len(r.items)} audits for {cycle.label}",
                    )
                )
            for p in plans:
                rows.audit_history(p)
            _inquiries(county, cycle, [p for p in plans if p.audit.round == 1], rows)
            all_plans += plans
        _bulk(AuditChange, rows.changes, batch=1000)
        _bulk(ActionUpdate, rows.updates, batch=1000)
        _bulk(AuditEvent, sorted(rows.events, key=lambda e: e.at), batch=1000)
    return len(all_plans)


# The cycle under way, through the services --------------------------------------------


def _current_cycle(county: _County, *, start: date, today: date, per_round: int) -> Cycle:
    rng = county.rng
    qa = county.demo["demo-qa"]
    cycle = services.cycle_create(
        actor=qa, year=start.year, number=_cycle_number(start), starts_on=start
    )
    month = cycle.calendar.get(kind=CalendarEntry.Kind.AUDIT, round=1)
    if (month.ends_on - today).days < 10:  # give the month's audits time still to run
        services.calendar_entry_save(
            actor=qa,
            entry=month,
            values={
                "starts_on": month.starts_on,
                "ends_on": today + timedelta(days=14),
                "notes": "Extended by two weeks: the month's audits started late.",
            },
        )
        month.refresh_from_db()
    # A seed whose draw includes one of the demo practitioner's cases, so that they
    # see an audit of their own work under way.
    practitioner = county.demo["demo-practitioner"]
    own = {c.pk for c in county.cases if c.worker_id == practitioner.pk and c.closed_on is None}
    eligible = services.eligible_cases(on=start, exclude_months=6)
    seed = rng.randrange(10**9)
    for attempt in range(200):
        draws = sampling.draw_sample(
            eligible, target=per_round, min_per_team=1, seed=seed + attempt
        )
        if any(d.case_id in own for d in draws):
            seed += attempt
            break
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=per_round, seed=seed, on=start
    )
    items = list(sample.items.all())
    auditors = _allocation(county, items, DEMO_AUDITOR_SHARE_NOW)
    audits = services.sample_allocate(actor=qa, sample=sample, auditors=auditors)
    _progress(county, audits, today=today)
    # Month 3's sample, drawn early for the QA unit to review; one case already swapped.
    second = services.sample_draw(
        actor=qa,
        cycle=cycle,
        round=2,
        target=per_round,
        seed=rng.randrange(10**9),
        on=cycle.month_start(3),
    )
    first_item = second.items.order_by("pk").first()
    if first_item is not None:
        with suppress(InvalidInput):  # no other eligible case in that team: no swap
            services.sample_swap(
                actor=qa,
                item=first_item,
                reason="The family is moving out of the county; the case transfers next month.",
            )
    return cycle


def _progress(county: _County, audits: list[Audit], *, today: date) -> None:
    """Month 1 under way: some audits untouched, some drafted, some submitted."""
    rng = county.rng
    demo_auditor = county.demo["demo-auditor"]
    practitioner = county.demo["demo-practitioner"]
    action_due = max(today, clock.today()) + timedelta(days=21)
    # The practitioner's case first (drafted), the auditor's own team's cases last (submitted).
    mine = sorted(
        (a for a in audits if a.auditor_id == demo_auditor.pk),
        key=lambda a: (
            a.practitioner_id != practitioner.pk,
            a.team_id == demo_auditor.team_id,
            a.pk,
        ),
    )
    # The demo auditor: the practitioner's case and one more drafted, some submitted,
    # and at least a dozen still waiting.
    submit_n = min(DEMO_AUDITOR_SUBMITTED, max(0, len(mine) - 13))
    plan: dict[int, str] = {a.pk: "allocated" for a in mine}
    for a in mine[:2]:
        plan[a.pk] = "draft"
    for a in mine[len(mine) - submit_n :]:
        plan[a.pk] = "submit"
    for a in audits:
        if a.pk not in plan:
            roll = rng.random()
            plan[a.pk] = "allocated" if roll < 0.35 else "draft" if roll < 0.7 else "submit"
    for audit in sorted(audits, key=lambda a: a.pk):
        step = plan[audit.pk]
        if step == "allocated":
            continue
        tool = audit.tool.parsed
        merit, given = _grades(county, audit.team_id, audit.auditor_id, 0.1)
        if step == "draft":
            part = rng.randint(1, len(tool.sections) - 1)
            answers = demo_responses(rng, tool, merit, sections=part)
        else:
            answers = demo_responses(rng, tool, merit)
        saved = services.audit_save_draft(
            actor=audit.auditor, audit_id=audit.pk, version=audit.version, responses=answers
        )
        is_own_case = audit.practitioner_id == practitioner.pk
        if is_own_case or (audit.practitioner is not None and rng.random() < 0.25):
            owner = audit.practitioner
            assert owner is not None
            services.audit_action_add(
                actor=audit.auditor,
                audit_id=audit.pk,
                description=rng.choice(ACTIONS),
                owner=owner,
                due_date=action_due,
            )
            saved.refresh_from_db(fields=["version"])
        if step == "submit":
            services.audit_submit(
                actor=audit.auditor,
                audit_id=audit.pk,
                version=saved.version,
                grade=RANKED[given - 1],
            )


# Entry points ---------------------------------------------------------------------------


@dataclass
class AuditDemoSummary:
    created: bool
    cycles: int
    audits: int
    actions: int
    inquiries: int


def _summary(created: bool) -> AuditDemoSummary:
    return AuditDemoSummary(
        created=created,
        cycles=Cycle.objects.count(),
        audits=Audit.objects.count(),
        actions=Action.objects.filter(source_type="audit").count(),
        inquiries=AppreciativeInquiry.objects.count(),
    )


def _cutoff(today: date) -> datetime:
    return min(clock.now(), _when(today, 7))


@transaction.atomic
def audits_demo_load(
    *, today: date | None = None, seed: int = SEED, per_round: int = PER_ROUND
) -> AuditDemoSummary:
    """A year of audit history (three finalised cycles) and the current cycle in month 1.

    Needs the demo county (`assure.org.demo.demo_load`). Does nothing when any
    audit cycle exists already, so loading twice never duplicates.
    """
    if Cycle.objects.exists():
        return _summary(created=False)
    today = today or clock.today()
    county = _county(random.Random(seed), _cutoff(today))
    if "demo-qa" not in county.demo or not county.teams:
        raise RuntimeError("Load the demo county first: its teams and demo users are missing.")
    start = today.replace(day=1)
    _past_cycles(county, [add_months(start, -4 * k) for k in (3, 2, 1)], per_round)
    _current_cycle(county, start=start, today=today, per_round=per_round)
    return _summary(created=True)


@transaction.atomic
def audits_history_load(
    *, cycles: int = 3, per_round: int = PER_ROUND, seed: int = SEED + 1, today: date | None = None
) -> int:
    """More finalised history: `cycles` cycles before the earliest one there is.

    For benchmarks and volume testing. Returns how many audits it added.
    """
    today = today or clock.today()
    earliest = Cycle.objects.order_by("starts_on").first()
    first = earliest.starts_on if earliest else today.replace(day=1)
    county = _county(random.Random(seed), _cutoff(today))
    # Oldest first, and before anything already there: nothing earlier was audited.
    starts = [add_months(first, -4 * k) for k in range(cycles, 0, -1)]
    return _past_cycles(county, starts, per_round)
