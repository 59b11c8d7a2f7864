"""What people write around an audit: actions, their evidence and closing notes,
action checks, and what a moderator says when moving or keeping a grade."""

from __future__ import annotations

from assure.audits.models import ActionCheck

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
