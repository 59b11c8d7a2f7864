"""The Annex A lists as data: sheet names, columns, their kinds and canonical keys.

Each column has a canonical key (snake_case, used in the Parquet files and
the indicator SQL) and the template's header text. Headers in real files
drift (case, spacing, stray punctuation, curly quotes), so matching compares
`header_key()` forms, which keep letters and digits only. A column is
required when an indicator reads it (or it identifies the row): without it
the import is rejected rather than computing figures from a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal["text", "date", "number", "years"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ColumnKind = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    number: int
    what: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return f"List {self.number}"

    @property
    def table(self) -> str:
        return f"list_{self.number}"

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


def header_key(text: str) -> str:
    """Letters and digits only, lower case: what two spellings of one header share."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^a-z0-9]", "", folded)


def _c(
    key: str,
    header: str,
    kind: ColumnKind = "text",
    *,
    required: bool = False,
    aliases: tuple[str, ...] = (),
) -> Column:
    return Column(key=key, header=header, kind=kind, required=required, aliases=aliases)


def _common(*, disability: bool = False, child_required: bool = True) -> tuple[Column, ...]:
    cols = [
        _c("child_id", "Child Unique ID", required=child_required),
        _c("gender", "Gender"),
        _c("ethnicity", "Ethnicity"),
        _c("date_of_birth", "Date of Birth", "date"),
        _c("age", "Age of Child (Years)", "years", aliases=("Age",)),
    ]
    if disability:
        cols.append(_c("disability", "Does the Child have a Disability"))
    return tuple(cols)


_TEAM = (
    _c("allocated_team", "Allocated Team"),
    _c("allocated_worker", "Allocated Worker"),
)

LISTS: tuple[ListSpec, ...] = (
    ListSpec(
        1,
        "a contact in the period",
        (
            *_common(),
            _c("date_of_contact", "Date of Contact", "date", required=True),
            _c("contact_source", "Contact Source"),
        ),
    ),
    ListSpec(
        2,
        "an early help assessment",
        (
            *_common(),
            _c("assessment_start_date", "Assessment start date", "date"),
            _c("assessment_completion_date", "Assessment completion date", "date"),
            _c("assessment_organisation", "Organisation completing assessment"),
        ),
    ),
    ListSpec(
        3,
        "a referral",
        (
            *_common(),
            _c("date_of_referral", "Date of referral", "date", required=True),
            _c("referral_source", "Referral Source"),
            _c("referral_nfa", "Referral NFA?", required=True),
            _c(
                "referrals_last_12m",
                "Number of Referrals in Last 12 Months",
                "number",
                required=True,
            ),
            *_TEAM,
        ),
    ),
    ListSpec(
        4,
        "a social work assessment",
        (
            *_common(disability=True),
            _c("assessment_start", "Continuous Assessment Start Date", "date", required=True),
            _c("child_seen", "Child Seen During Continuous Assessment", required=True),
            _c(
                "assessment_authorised",
                "Continuous Assessment Date of Authorisation",
                "date",
                required=True,
            ),
            _c(
                "requires_support",
                "Was the child assessed as requiring LA children's social care support?",
            ),
            *_TEAM,
        ),
    ),
    ListSpec(
        5,
        "a section 47 enquiry",
        (
            *_common(disability=True),
            _c(
                "strategy_start",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "date",
                required=True,
            ),
            _c(
                "icpc_unnecessary", "Was an Initial Child Protection Conference deemed unnecessary?"
            ),
            _c("icpc_date", "Date of Initial Child Protection Conference", "date", required=True),
            _c(
                "icpc_to_cpp",
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                required=True,
            ),
            _c("s47_last_12m", "Number of Section 47 Enquiries in the last 12 months", "number"),
            _c("icpcs_last_12m", "Number of ICPCs in the last 12 months", "number"),
            *_TEAM,
        ),
    ),
    ListSpec(
        6,
        "a child in need episode",
        (
            *_common(disability=True),
            _c("cin_start", "CIN Start Date", "date", required=True),
            _c("primary_need", "Primary Need Code"),
            _c("last_seen", "Date Child Was Last Seen", "date", required=True),
            _c("cin_closure", "CIN Closure Date", "date", required=True),
            _c("closure_reason", "Reason for Closure"),
            _c("case_status", "Case Status", required=True),
            *_TEAM,
        ),
    ),
    ListSpec(
        7,
        "a child protection plan",
        (
            *_common(disability=True),
            _c("cpp_start", "Child Protection Plan Start Date", "date", required=True),
            _c("initial_category", "Initial Category of Abuse"),
            _c("latest_category", "Latest Category of Abuse"),
            _c("last_visit", "Date of the Last Statutory Visit", "date", required=True),
            _c("seen_alone", "Was the Child Seen Alone?"),
            _c("latest_review", "Date of latest review conference", "date"),
            _c("cpp_end", "Child Protection Plan End Date", "date", required=True),
            _c(
                "epo_last_6m",
                "Subject to Emergency Protection Order or Protected Under Police Powers in "
                "Last Six Months (Y/N)",
            ),
            _c(
                "previous_cpps",
                "Number of Previous Child Protection Plans",
                "number",
                required=True,
            ),
            *_TEAM,
        ),
    ),
    ListSpec(
        8,
        "a period of care",
        (
            *_common(disability=True),
            _c("uasc", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"),
            _c("cla_start", "Date Started to be Looked After", "date", required=True),
            _c("category_of_need", "Child's Category of Need"),
            _c(
                "second_period",
                "Is this a second or subsequent period of being a Looked After Child within "
                "the last 12 months (Y/N)",
            ),
            _c("legal_status_start", "Start date of current legal status", "date"),
            _c("legal_status", "Child's Legal Status"),
            _c("latest_review", "Date of Latest Statutory Review", "date", required=True),
            _c("last_sw_visit", "Date of Last Social Work Visit", "date", required=True),
            _c("permanence_plan", "What is the permanence plan for this child?"),
            _c("last_iro_contact", "Date of Last IRO Visit / Contact to the Child", "date"),
            _c("last_health_assessment", "Date of Last Health Assessment", "date", required=True),
            _c("last_dental_check", "Date of Last Dental Check", "date"),
            _c(
                "placements_12m",
                "Number of Placements in the Last 12 months",
                "number",
                required=True,
            ),
            _c("cla_end", "Date Ceased to be Looked After", "date", required=True),
            _c("reason_ceased", "Reason Ceased to be Looked After"),
            _c("placement_start", "Start Date of Most Recent Placement", "date"),
            _c("placement_type", "Placement Type"),
            _c("placement_provider", "Placement Provider"),
            _c("placement_postcode", "Placement postcode"),
            _c("placement_urn", "URN of Placement"),
            _c("placement_location", "Placement Location"),
            _c("placement_la", "LA of Placement"),
            _c(
                "missing_episodes_12m",
                "Number of Episodes the Child has been 'Missing' from their Placement in the "
                "last 12 months",
                "number",
            ),
            _c(
                "absent_episodes_12m",
                "Number of Episodes the Child has been 'Absent' from their Placement in the "
                "last 12 months",
                "number",
            ),
            _c(
                "return_interview_offered",
                "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            ),
            _c(
                "return_interview_accepted",
                "Did the child accept a Return Interview after their last missing episode (Y/N)?",
            ),
            *_TEAM,
        ),
    ),
    ListSpec(
        9,
        "a care leaver",
        (
            *_common(disability=True),
            _c(
                "uasc",
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
            ),
            _c("personal_advisor", "Allocated Personal Advisor"),
            _c("eligibility", "Eligibility Category"),
            _c("pathway_review", "Latest Pathway Plan Review Date", "date"),
            _c("in_touch", "LA in Touch", required=True),
            _c("latest_contact", "Latest Date of Contact", "date"),
            _c("accommodation_type", "Type of Accommodation"),
            _c("accommodation_suitable", "Suitability of Accommodation", required=True),
            _c("activity_status", "Activity Status", required=True),
            *_TEAM,
        ),
    ),
    ListSpec(
        10,
        "a child with an adoption decision",
        (
            *_common(disability=True),
            _c("family_id", "Family identifier"),
            _c("entered_care", "Date the Child Entered Care", "date", required=True),
            _c(
                "adoption_decision",
                "Date of Decision that Child Should be Placed for Adoption",
                "date",
            ),
            _c("placement_order", "Date of Placement Order", "date", required=True),
            _c(
                "matched",
                "Date of Matching Child and Prospective Adopters",
                "date",
                required=True,
            ),
            _c("placed_for_adoption", "Date Placed for Adoption", "date", required=True),
            _c("adoption_order", "Date of Adoption Order", "date"),
            _c(
                "no_longer_adoption",
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                "date",
            ),
            _c("no_longer_reason", "Reason Why Child No Longer Placed for Adoption"),
            _c(
                "ffa_placed",
                "Date the child was placed for fostering in FFA or concurrent planning placement",
                "date",
            ),
        ),
    ),
    ListSpec(
        11,
        "an adopter",
        (
            _c("adopter_id", "Individual adopter identifier", required=True),
            _c("family_id", "Family identifier"),
            _c("gender", "Gender"),
            _c("ethnicity", "Ethnicity"),
            _c("disability", "Disability"),
            _c("fostering_for_adoption", "Is the (prospective) adopter fostering for adoption?"),
            _c("enquiry_received", "Date enquiry received", "date"),
            _c("stage1_start", "Date Stage 1 started", "date"),
            _c("stage1_end", "Date Stage 1 ended", "date"),
            _c("stage2_start", "Date Stage 2 started", "date"),
            _c("stage2_end", "Date Stage 2 ended", "date"),
            _c("application_submitted", "Date application submitted", "date"),
            _c("application_approved", "Date application approved", "date"),
            _c("matched", "Date adopter matched with child(ren)", "date"),
            _c("placed", "Date child/children placed with adopter(s)", "date"),
            _c("children_placed", "No. of children placed", "number"),
            _c("adoption_order", "Date of Adoption Order", "date"),
            _c("left_process", "Date of leaving adoption process", "date"),
            _c("left_reason", "Reason for leaving adoption process"),
        ),
    ),
)

LISTS_BY_NUMBER: dict[int, ListSpec] = {spec.number: spec for spec in LISTS}

_LIST_NAME = re.compile(r"^\s*list\s*[_\-.]?\s*(\d{1,2})(?!\d)", re.IGNORECASE)


def list_number(name: str) -> int | None:
    """The list a sheet or file name stands for (`List 3`, `list_3`, `LIST 3 - Referrals`)."""
    match = _LIST_NAME.match(unicodedata.normalize("NFKC", name))
    if match is None:
        return None
    number = int(match.group(1))
    return number if number in LISTS_BY_NUMBER else None


def match_headers(
    spec: ListSpec, headers: list[str]
) -> tuple[dict[str, int], list[tuple[int, str, str]]]:
    """Map canonical keys to header positions.

    Returns (key -> column index, notes) where each note is (index, header,
    what happened) for a header that differs from the template, repeats one
    already matched, or is not an Annex A column.
    """
    lookup: dict[str, Column] = {}
    for col in spec.columns:
        for text in (col.header, *col.aliases):
            lookup[header_key(text)] = col
    found: dict[str, int] = {}
    notes: list[tuple[int, str, str]] = []
    for index, header in enumerate(headers):
        if not header.strip():
            continue
        match = lookup.get(header_key(header))
        if match is None:
            notes.append((index, header, "unknown"))
        elif match.key in found:
            notes.append((index, header, "duplicate"))
        else:
            found[match.key] = index
            if header != match.header:
                notes.append((index, header, f"matched:{match.header}"))
    return found, notes
