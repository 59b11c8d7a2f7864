"""What auditors write: the fragments the demo's audit answers and appreciative
inquiries are assembled from, so the phrases that recur are the ones the text
analytics should surface."""

from __future__ import annotations

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
