"""A year of Annex A for the demo county, imported month by month as an authority would.

`insight_demo_load` simulates Wealdshire's children's social care as a flow of
events (contacts, referrals, assessments, section 47 enquiries, plans,
periods of care, care leavers, adoptions) over the months before today,
then writes the Annex A extract at each month end as a folder of
`List N.csv` files, exactly as the lists' reporting periods define them,
and imports each through `snapshot_import` (as the system) before storing
its indicators the way an upload does. The figures are therefore consistent
from one month to the next: an episode open in March is still open in April
unless it closed.

Everything is seeded. Volumes are those of a county of about 310,000
children at the demo's full size (8,000 children), scaled down with it.
The story the trends should find:

- assessments completed within 45 working days fall steadily over the last
  eight months (concern);
- care leavers in touch step up for the last seven months (improvement);
- child protection visits dip sharply in one month, four months back (concern);
- children in care creep up (more children coming into care than leaving).

The files are a little messy the way real ones are (drifting headers, an
extra column, `a) Yes` beside `Y`, dd/mm/yyyy text and Excel serial dates,
non-breaking spaces and odd case in team names, an unreadable date, `#N/A`),
and one team name matches no team, so the import reports and the team
mapping page have something to show.
"""

from __future__ import annotations

import bisect
import csv
import math
import random
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from assure.core import clock
from assure.core.working_days import is_working_day
from assure.org.models import Case, Child, Team, User

from .indicators import window
from .models import AnnexAImportJob, AnnexASnapshot
from .services import snapshot_import
from .tasks import indicator_values_compute

SEED = 20261128
FULL_SIZE = 8000  # demo children for which the volumes below are set
FOLDER_PREFIX = "Wealdshire Annex A"
UNKNOWN_TEAM = "Out of Hours Duty Team"  # in no structure: the team mapping page lists it
LONDON = ZoneInfo("Europe/London")

# Monthly flows and standing numbers at full size.
CONTACTS = 1500
REFERRALS = 500
EARLY_HELP = 300
CIN_STOCK, CIN_DAYS = 1600, 220
CP_DAYS = 235
CLA_STOCK, CLA_DAYS, CLA_ARRIVALS = 550, 900, 21
LEAVER_STOCK, LEAVER_DAYS = 400, 1100
ADOPTION_DECISIONS = 1.7

SEASON = {1: 1.04, 4: 0.96, 8: 0.85, 9: 1.08, 10: 1.06, 12: 0.88}

GENDERS = (("a) Male", "Male"), ("b) Female", "Female"), ("c) Not stated/recorded", ""))
GENDER_WEIGHTS = (49, 50, 1)
ETHNICITIES = (
    ("a) WBRI", 76),
    ("b) WIRI", 1),
    ("c) WOTH", 4),
    ("d) WIRT", 0.4),
    ("e) WROM", 0.8),
    ("f) MWBC", 2.5),
    ("g) MWBA", 1),
    ("h) MWAS", 1.5),
    ("i) MOTH", 1.8),
    ("j) AIND", 1.4),
    ("k) APKN", 1.2),
    ("l) ABAN", 0.5),
    ("m) AOTH", 1),
    ("n) BCRB", 0.6),
    ("o) BAFR", 1.6),
    ("p) BOTH", 0.5),
    ("q) CHNE", 0.2),
    ("r) OOTH", 1.2),
    ("s) REFU", 0.8),
    ("s) NOBT", 2),
)
SOURCES = (
    ("a) 1A: Individual", 3),
    ("b) 1B: Individual - family member, relative or carer", 5),
    ("c) 1C: Individual - acquaintance", 1),
    ("d) 1D: Individual - self", 1),
    ("e) 2A: Schools", 18),
    ("f) 2B: Education services", 2),
    ("g) 3A: Health services - GP", 3),
    ("h) 3B: Health services - health visitor", 3),
    ("i) 3C: Health services - school nurse", 1),
    ("j) 3D: Health services - other primary health services", 2),
    ("k) 3E: Health services - A&E", 3),
    ("l) 3F: Health services - other", 3),
    ("m) 4: Housing", 2),
    ("n) 5A: LA services - social care", 7),
    ("o) 5B: LA services - other internal", 3),
    ("p) 5C: LA services - external", 2),
    ("q) 6: Police", 30),
    ("r) 7: Other legal agency", 2),
    ("s) 8: Other", 5),
    ("t) 9: Anonymous", 2),
    ("u) 10: Unknown", 2),
)
NEED_CODES = (
    ("N1", 58),
    ("N2", 4),
    ("N3", 12),
    ("N4", 16),
    ("N5", 1),
    ("N6", 3),
    ("N7", 1),
    ("N8", 3),
    ("N9", 1),
    ("N0", 1),
)
ABUSE = (
    ("Neglect", 49),
    ("Emotional abuse", 38),
    ("Physical abuse", 7),
    ("Sexual abuse", 4),
    ("Multiple", 2),
)
LEGAL = (
    ("C2: Full care order", 55),
    ("C1: Interim care order", 15),
    ("V2: Section 20", 18),
    ("E1: Placement order granted", 8),
    ("J2: Remanded to LA accommodation", 1),
    ("L1: Police protection", 1),
    ("V4: Agreed series of short-term breaks", 2),
)
PLACEMENTS = (
    ("U1: Foster placement with relative or friend - long term", 8),
    ("U3: Foster placement with relative or friend - not long term", 6),
    ("U4: Foster placement with other foster carer - long term", 30),
    ("U6: Foster placement with other foster carer - not long term", 22),
    ("K2: Children's homes", 12),
    ("R1: Placed with own parents", 7),
    ("H5: Semi-independent living accommodation", 7),
    ("A6: Placed for adoption", 3),
    ("P2: Independent living", 2),
    ("Z1: Other placement", 3),
)
PROVIDERS = (
    ("PR1: Own provision (by the LA)", 55),
    ("PR4: Private provision", 40),
    ("PR5: Voluntary/third sector provision", 5),
)
PERMANENCE = (
    ("Adoption", 7),
    ("Long-term fostering", 45),
    ("Return to family", 18),
    ("Special guardianship order", 10),
    ("Child arrangements order", 3),
    ("Supported living in the community", 10),
    ("Residential care", 7),
)
CEASED = (
    ("E11: Adopted", 8),
    ("E12: Special guardianship order", 16),
    ("E13: Left care to live with parents", 32),
    ("E4A: Returned home", 10),
    ("E5: Moved into independent living", 14),
    ("E7: Residential care", 6),
    ("E8: Period of care ceased for any other reason", 14),
)
ACTIVITIES = (
    ("F1: Full time in higher education", 7),
    ("F2: Full time in education other than higher education", 20),
    ("F3: Full time in training or employment", 16),
    ("P1: Part time in higher education", 1),
    ("P2: Part time in education other than higher education", 5),
    ("P3: Part time in training or employment", 7),
    ("G4: Not in education, training or employment - illness or disability", 13),
    ("G5: Not in education, training or employment - other reasons", 24),
    ("G6: Not in education, training or employment - pregnancy or parenting", 7),
)
ACCOMMODATION = (
    ("B: With parents or relatives", 20),
    ("C: Community home", 4),
    ("D: Semi-independent, transitional accommodation", 22),
    ("E: Supported lodgings", 10),
    ("G: Ordinary lodgings", 4),
    ("K: Independent living", 28),
    ("S: Staying put with former foster carers", 10),
    ("T: Emergency accommodation", 2),
)
CIN_CLOSURE = (
    ("RC1: Adopted", 1),
    ("RC4: Transferred to another LA", 5),
    ("RC7: Case closed after assessment, no further action", 15),
    ("RC8: Case closed after assessment, referred to early help", 24),
    ("RC9: Case closed: child's needs met", 55),
)
EH_ORGS = (("School", 45), ("Early help service", 35), ("Health visitor", 12), ("Other", 8))
BAND_YEARS = {
    "under_1": (0, 0),
    "1_4": (1, 4),
    "5_9": (5, 9),
    "10_15": (10, 15),
    "16_17": (16, 17),
    "18_plus": (18, 20),
}
LA_PLACEMENT = ("Wealdshire", "Wealdshire", "Wealdshire", "Neighbouring county")

# Annex A team spellings that differ from the authority's own (all still match).
SPELLINGS = {
    "Care Leavers North and East": "CARE LEAVERS NORTH AND EAST",
    "Care Leavers South and West": "care leavers south and west",
    "Brockley Vale Family Support": "Brockley Vale  Family Support",
    "Dunhollow Children in Care": "Dunhollow\xa0Children in Care",
    "Fostering": " Fostering ",
}


_CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
_DISABILITY = [*_CHILD, "Does the Child have a Disability"]
_TEAM = ["Allocated Team", "Allocated Worker"]
# The columns of each list as the demo's files write them: the template's, with
# the drift real files show (`Age`, `Date of Referral`, a stray `)`, curly
# quotes, a trailing space) and one column nobody asked for (`Locality`).
HEADERS: dict[int, list[str]] = {
    1: [*_CHILD[:4], "Age", "Date of Contact", "Contact Source", "Locality"],
    2: [
        *_CHILD,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    3: [
        *_CHILD,
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *_TEAM,
    ],
    4: [
        *_DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *_TEAM,
    ],
    5: [
        *_DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *_TEAM,
    ],
    6: [
        *_DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *_TEAM,
    ],
    7: [
        *_DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in "
        "Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *_TEAM,
    ],
    8: [
        *_DISABILITY,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within "
        "the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the "
        "last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *_TEAM,
    ],
    9: [
        *_DISABILITY,
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
        *_TEAM,
    ],
    10: [
        *_DISABILITY,
        "Family identifier",
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order ",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
}

# ---------------------------------------------------------------- the county


@dataclass(frozen=True, slots=True)
class Kid:
    ref: str
    dob: date
    gender: int  # index into GENDERS
    ethnicity: str
    disabled: bool
    district: str
    case_team: str | None
    case_worker: str | None
    case_type: str


@dataclass
class County:
    kids: list[Kid]
    teams: dict[str, dict[str, str]]  # district -> suffix -> team name
    area_of: dict[str, str]  # district -> area's first word (North, East, ...)
    workers: dict[str, list[str]]  # team name -> practitioners' full names
    demo_team: str  # the demo practitioner's team

    def team(self, kid: Kid, kind: str) -> tuple[str, str]:
        """The team and worker an episode of this kind is allocated to."""
        short = self.area_of[kid.district]
        northeast = short in ("North", "East")
        if kind == "front":
            name = "Front Door (North and East)" if northeast else "Front Door (South and West)"
        elif kind == "leavers":
            name = "Care Leavers North and East" if northeast else "Care Leavers South and West"
        elif kind == "disabled":
            name = f"{short} Disabled Children"
        elif kind == "fostering":
            name = "Fostering"
        else:
            name = self.teams[kid.district][kind]
        if kid.case_team == name and kid.case_worker:
            return name, kid.case_worker
        staff = self.workers.get(name) or [""]
        return name, staff[int(kid.ref[2:]) % len(staff)]


def _county(today: date, rng: random.Random) -> County:
    teams: dict[str, dict[str, str]] = {}
    area_of: dict[str, str] = {}
    for team in Team.objects.select_related("district__area").exclude(district=None):
        assert team.district is not None
        district = team.district.name
        teams.setdefault(district, {})[team.name.removeprefix(district).strip()] = team.name
        area_of[district] = team.district.area.name.split()[0]
    workers: dict[str, list[str]] = {}
    for team_name, first, last in (
        User.objects.filter(job_title="Social worker", team__isnull=False)
        .order_by("pk")
        .values_list("team__name", "first_name", "last_name")
    ):
        workers.setdefault(team_name, []).append(f"{first} {last}".strip())
    cases: dict[str, tuple[str, str, str]] = {}
    for ref, team_name, first, last, case_type in (
        Case.objects.filter(child__reference__startswith="WS")
        .order_by("opened_on", "pk")
        .values_list(
            "child__reference",
            "team__name",
            "allocated_worker__first_name",
            "allocated_worker__last_name",
            "case_type",
        )
    ):
        cases[ref] = (team_name, f"{first or ''} {last or ''}".strip(), case_type)
    districts = sorted(teams)
    kids: list[Kid] = []
    eth_codes, eth_weights = zip(*ETHNICITIES, strict=True)
    team_district = {name: d for d, by_kind in teams.items() for name in by_kind.values()}
    for ref, band in (
        Child.objects.filter(reference__startswith="WS")
        .order_by("reference")
        .values_list("reference", "age_band")
    ):
        low, high = BAND_YEARS.get(band, (5, 9))
        age_days = rng.randint(low * 365 + 10, high * 365 + 355) if high else rng.randint(20, 350)
        team_name, worker, case_type = cases.get(ref, ("", "", ""))
        district = team_district.get(team_name) or districts[int(ref[2:]) % len(districts)]
        kids.append(
            Kid(
                ref=ref,
                dob=today - timedelta(days=age_days),
                gender=rng.choices(range(len(GENDERS)), GENDER_WEIGHTS)[0],
                ethnicity=rng.choices(eth_codes, eth_weights)[0],
                disabled=rng.random() < 0.08,
                district=district,
                case_team=team_name or None,
                case_worker=worker or None,
                case_type=case_type,
            )
        )
    demo_team = (
        User.objects.filter(username="demo-practitioner")
        .values_list("team__name", flat=True)
        .first()
    )
    return County(kids, teams, area_of, workers, demo_team or "")


# ---------------------------------------------------------------- the history


@dataclass(slots=True)
class Referral:
    day: date
    kid: Kid
    source: str
    nfa: bool
    previous: int
    team: tuple[str, str]


@dataclass(slots=True)
class Assessment:
    start: date
    authorised: date | None
    kid: Kid
    seen: bool
    support: bool
    team: tuple[str, str]


@dataclass(slots=True)
class Enquiry:
    start: date
    icpc: date | None
    plan: bool
    previous: int
    kid: Kid
    team: tuple[str, str]


@dataclass(slots=True)
class Episode:
    """A period of CIN, a CP plan, a period of care or a care leaver's time with us."""

    start: date
    end: date | None
    kid: Kid
    team: tuple[str, str]
    code: str = ""  # need code, category of abuse, legal status ...
    extra: str = ""  # second category, permanence plan ...
    other: str = ""  # placement type, reason for closure ...
    number: int = 0  # previous plans, placements in 12 months ...
    flag: bool = False  # UASC, EPO, second period ...


@dataclass(slots=True)
class Adoption:
    kid: Kid
    family: str
    entered: date
    decision: date
    order: date | None
    matched: date | None
    placed: date | None
    adopted: date | None
    stopped: date | None
    ffa: date | None


@dataclass
class History:
    """Every event of the simulated months, list by list."""

    contacts: list[tuple[date, Kid, str]] = field(default_factory=list)
    early_help: list[tuple[date, date | None, Kid, str]] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    cin: list[Episode] = field(default_factory=list)
    cp: list[Episode] = field(default_factory=list)
    cla: list[Episode] = field(default_factory=list)
    leavers: list[Episode] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)


class Calendar:
    """Working days over the history, for fast arithmetic in working days."""

    def __init__(self, first: date, last: date) -> None:
        self.days = [
            first + timedelta(n)
            for n in range((last - first).days + 1)
            if is_working_day(first + timedelta(n))
        ]

    def add(self, start: date, n: int) -> date:
        """n working days after `start` (before it when n < 0), as add_working_days counts."""
        if not n:
            return start
        # Count from the last working day on or before `start`: the working days after
        # it are those after `start` (n > 0), and it is the first of those back (n < 0).
        i = bisect.bisect_right(self.days, start) - 1
        return self.days[max(0, min(len(self.days) - 1, i + n))]

    def in_month(self, first: date, last: date) -> list[date]:
        lo = bisect.bisect_left(self.days, first)
        hi = bisect.bisect_right(self.days, last)
        return self.days[lo:hi] or [first]


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _months_back(end: date, n: int) -> date:
    """The month end n months before the month end `end`."""
    year, month = divmod(end.year * 12 + end.month - 1 - n, 12)
    return _month_end(date(year, month + 1, 1))


def month_ends(today: date, months: int) -> list[date]:
    """The last `months` month ends on or before `today`, oldest first."""
    last = _month_end(today)
    if last > today:
        last = _months_back(last, 1)
    return [_months_back(last, n) for n in range(months - 1, -1, -1)]


class _Picker:
    """Children from a pool in a shuffled cycle, so few appear twice at once."""

    def __init__(self, pool: Sequence[Kid], rng: random.Random, first: Sequence[Kid] = ()):
        self.rng = rng
        chosen = set(first)
        rest = [k for k in pool if k not in chosen]
        rng.shuffle(rest)
        self.queue = [*first, *rest]
        self.pool = list(pool)
        self.i = 0

    def __call__(self) -> Kid:
        if self.i >= len(self.queue):
            self.queue = self.pool[:]
            self.rng.shuffle(self.queue)
            self.i = 0
        self.i += 1
        return self.queue[self.i - 1]


def _count(rng: random.Random, mean: float) -> int:
    """How many events in a month whose expected number is `mean` (roughly Poisson)."""
    return max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean > 0 else 0


def _pick(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o[0] for o in options], [o[1] for o in options])[0]


def _duration(rng: random.Random, mean: float, shortest: int = 7) -> int:
    """Days an episode lasts: at least `shortest`, `mean` on average, a long tail."""
    return shortest + int(rng.expovariate(1 / max(1.0, mean - shortest)))


def _history(
    county: County, ends: list[date], scale: float, rng: random.Random, cal: Calendar
) -> History:
    last = ends[-1]
    start = _months_back(ends[0], 9) + timedelta(days=1)  # flows begin here
    kids = county.kids
    young = [k for k in kids if (last - k.dob).days < 18 * 365] or kids
    adults = [k for k in kids if (last - k.dob).days >= 18 * 365] or kids
    babies = [k for k in young if (last - k.dob).days < 5 * 365] or young
    demo_first = sorted(
        (k for k in young if k.case_worker and k.case_type in (Case.Type.CIN, Case.Type.CP)),
        key=lambda k: (k.case_team != county.demo_team, k.ref),
    )[:40]
    pick_young = _Picker(young, rng)
    pick_cin = _Picker(young, rng, [k for k in demo_first if k.case_type == Case.Type.CIN][:20])
    pick_cp = _Picker(young, rng, [k for k in demo_first if k.case_type == Case.Type.CP][:20])
    pick_cla = _Picker(
        young, rng, [k for k in young if k.case_type == Case.Type.CIC][: int(CLA_STOCK * scale)]
    )
    pick_leaver = _Picker(adults, rng, [k for k in adults if k.case_type == Case.Type.CARE_LEAVER])
    pick_baby = _Picker(babies, rng)

    h = History()

    def cin_episode(begin: date, end: date | None, kid: Kid) -> Episode:
        kind = "Family Support" if rng.random() < 0.8 else "Assessment"
        team = county.team(kid, kind if rng.random() < 0.9 else "disabled")
        return Episode(begin, end, kid, team, _pick(rng, NEED_CODES), other=_pick(rng, CIN_CLOSURE))

    def cp_plan(begin: date, end: date | None, kid: Kid) -> Episode:
        initial = _pick(rng, ABUSE)
        latest = initial if rng.random() < 0.85 else _pick(rng, ABUSE)
        previous = 1 if rng.random() < 0.2 else (2 if rng.random() < 0.03 else 0)
        team = county.team(kid, "Family Support" if rng.random() < 0.9 else "disabled")
        return Episode(begin, end, kid, team, initial, latest, "", previous, rng.random() < 0.04)

    def cla_period(begin: date, end: date | None, kid: Kid) -> Episode:
        kind = "Children in Care" if rng.random() < 0.85 else "fostering"
        team = county.team(kid, kind if rng.random() < 0.96 else "disabled")
        moves = rng.choices([1, 2, 3, 4, 5], [68, 22, 6, 3, 1])[0]
        return Episode(
            begin,
            end,
            kid,
            team,
            _pick(rng, LEGAL),
            _pick(rng, PERMANENCE),
            _pick(rng, PLACEMENTS),
            moves,
            (kid.dob < last - timedelta(days=14 * 365)) and rng.random() < 0.12,
        )

    def leaver(begin: date, end: date | None, kid: Kid) -> Episode:
        return Episode(
            begin,
            end,
            kid,
            county.team(kid, "leavers"),
            rng.choice(("Former relevant", "Former relevant", "Relevant", "Qualifying")),
            _pick(rng, ACCOMMODATION),
            flag=rng.random() < 0.1,
        )

    def stock(
        make: Callable[[date, date | None, Kid], Episode],
        into: list[Episode],
        size: float,
        days: float,
        pick: Callable[[], Kid],
    ) -> None:
        """Episodes already open when the history begins."""
        for _ in range(round(size * scale)):
            age = _duration(rng, days, 1)
            left = _duration(rng, days, 1)
            end = start + timedelta(days=left)
            into.append(make(start - timedelta(days=age), end if end <= last else None, pick()))

    stock(cin_episode, h.cin, CIN_STOCK, CIN_DAYS, pick_cin)
    stock(cp_plan, h.cp, 330, CP_DAYS, pick_cp)
    stock(cla_period, h.cla, CLA_STOCK, CLA_DAYS, pick_cla)
    stock(leaver, h.leavers, LEAVER_STOCK, LEAVER_DAYS, pick_leaver)

    month_first = start
    index = 0
    while month_first <= last:
        month_last = _month_end(month_first)
        back = (last.year - month_first.year) * 12 + last.month - month_first.month
        season = SEASON.get(month_first.month, 1.0)
        growth = 1 + 0.004 * index
        days = [month_first + timedelta(n) for n in range((month_last - month_first).days + 1)]
        workdays = cal.in_month(month_first, month_last)
        # Assessments in time: steady, then slipping month by month (the deliberate shift).
        on_time = 0.88 if back >= 11 else 0.88 - 0.022 * (11 - back)

        month_contacts = []
        for _ in range(_count(rng, CONTACTS * scale * season * growth)):
            day = rng.choice(workdays) if rng.random() < 0.85 else rng.choice(days)
            month_contacts.append((day, pick_young(), _pick(rng, SOURCES)))
        h.contacts.extend(month_contacts)

        for _ in range(_count(rng, EARLY_HELP * scale * season)):
            begin = rng.choice(workdays)
            done = begin + timedelta(days=rng.randint(10, 70)) if rng.random() < 0.93 else None
            h.early_help.append((begin, done, pick_young(), _pick(rng, EH_ORGS)))

        for _ in range(_count(rng, REFERRALS * scale * season * growth)):
            contact_day, kid, source = rng.choice(month_contacts or [(month_first, kids[0], "")])
            day = cal.add(contact_day, rng.choice((0, 0, 1, 1, 2)))
            kind = "front" if rng.random() < 0.35 else "Assessment"
            team = county.team(kid, kind)
            if rng.random() < 0.03:
                team = (UNKNOWN_TEAM, team[1])
            again = rng.random() < (0.22 - 0.003 * index)
            previous = rng.choice((1, 1, 1, 2, 3)) if again else 0
            nfa = rng.random() < 0.075
            h.referrals.append(Referral(day, kid, source, nfa, previous, team))
            if nfa or rng.random() > 0.9:
                continue
            begin = cal.add(day, rng.choice((0, 1, 1, 2, 3)))
            if rng.random() < on_time:
                took = rng.choices((0, rng.randint(1, 20), rng.randint(21, 45)), (2, 33, 65))[0]
            else:
                took = rng.randint(46, 95)
            authorised = cal.add(begin, took)
            support = rng.random() < 0.6
            assessment = Assessment(
                begin,
                authorised,
                kid,
                rng.random() < 0.95,
                support,
                county.team(kid, "Assessment"),
            )
            h.assessments.append(assessment)
            if rng.random() < 0.24:
                strategy = cal.add(begin, rng.randint(0, 8))
                icpc = None
                plan = False
                if rng.random() < 0.5:
                    icpc = cal.add(strategy, rng.randint(5, 15) if rng.random() < 0.82 else 0)
                    if icpc == strategy:
                        icpc = cal.add(strategy, rng.randint(16, 30))
                    plan = rng.random() < 0.86
                previous = rng.choices((0, 1, 2), (70, 24, 6))[0]
                s47_team = team if team[0] == UNKNOWN_TEAM else county.team(kid, "Assessment")
                h.enquiries.append(Enquiry(strategy, icpc, plan, previous, kid, s47_team))
                if icpc is not None and plan:
                    length = _duration(rng, CP_DAYS, 40)
                    ends_on = icpc + timedelta(days=length)
                    h.cp.append(cp_plan(icpc, ends_on if ends_on <= last else None, kid))
                    continue
            if support:
                length = _duration(rng, CIN_DAYS, 14)
                ends_on = authorised + timedelta(days=length)
                h.cin.append(cin_episode(authorised, ends_on if ends_on <= last else None, kid))

        for _ in range(_count(rng, CLA_ARRIVALS * scale * growth)):
            begin = rng.choice(days)
            ends_on = begin + timedelta(days=_duration(rng, CLA_DAYS, 3))
            h.cla.append(cla_period(begin, ends_on if ends_on <= last else None, pick_young()))

        for _ in range(_count(rng, LEAVER_STOCK / LEAVER_DAYS * 30.4 * scale)):
            begin = rng.choice(days)
            ends_on = begin + timedelta(days=_duration(rng, LEAVER_DAYS, 60))
            h.leavers.append(leaver(begin, ends_on if ends_on <= last else None, pick_leaver()))

        month_first = month_last + timedelta(days=1)
        index += 1
    # Adoption takes years from decision to order: its history begins earlier.
    month_first = _months_back(ends[0], 30) + timedelta(days=1)
    while month_first <= last:
        month_last = _month_end(month_first)
        workdays = cal.in_month(month_first, month_last)
        for _ in range(_count(rng, ADOPTION_DECISIONS * scale)):
            decision = rng.choice(workdays)
            kid = pick_baby()
            entered = decision - timedelta(days=rng.randint(60, 300))
            order = cal.add(decision, rng.randint(25, 110))
            matched: date | None = order + timedelta(days=rng.randint(60, 260))
            placed = matched + timedelta(days=rng.randint(7, 40)) if matched else None
            adopted = placed + timedelta(days=rng.randint(150, 320)) if placed else None
            stopped = None
            if rng.random() < 0.08:
                stopped = order + timedelta(days=rng.randint(30, 200))
                matched = placed = adopted = None
            ffa = entered + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.15 else None
            h.adoptions.append(
                Adoption(
                    kid,
                    f"F{len(h.adoptions) + 101}",
                    entered,
                    decision,
                    order,
                    matched,
                    placed,
                    adopted,
                    stopped,
                    ffa,
                )
            )
        month_first = month_last + timedelta(days=1)
    return h


# ---------------------------------------------------------------- the extracts


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _uk(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _serial(day: date | None) -> str:
    return str((day - date(1899, 12, 30)).days) if day else ""


def _upto(day: date | None, as_of: date) -> date | None:
    """A date as the extract at `as_of` knows it: blank if it has not happened yet."""
    return day if day is not None and day <= as_of else None


def _open_or_ended_since(start: date, end: date | None, as_of: date, since: date) -> bool:
    return start <= as_of and (end is None or end >= since)


class _Extract:
    """One month end's Annex A, list by list, as rows of text."""

    def __init__(self, as_of: date, back: int, rng: random.Random, cal: Calendar) -> None:
        self.as_of = as_of
        self.back = back  # months before the latest extract
        self.since = window(as_of).start
        self.rng = rng
        self.cal = cal

    def age(self, kid: Kid) -> str:
        dob, d = kid.dob, self.as_of
        if dob > d:
            return ""
        return str(d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day)))

    def child(self, kid: Kid, *, plain: bool = False, disability: bool = True) -> list[str]:
        gender = GENDERS[kid.gender][1 if plain else 0]
        cells = [kid.ref, gender, kid.ethnicity, _iso(kid.dob), self.age(kid)]
        if disability:
            cells.append(("Yes" if plain else "a) Yes") if kid.disabled else "b) No")
        return cells

    @staticmethod
    def team(team: tuple[str, str]) -> list[str]:
        return [SPELLINGS.get(team[0], team[0]), team[1]]

    def recent(self, anchor: date, within: int, p: float, late: int = 60) -> date:
        """A date at most `within` days before the as-of date with probability p."""
        days = (
            self.rng.randint(0, within)
            if self.rng.random() < p
            else self.rng.randint(within + 1, late)
        )
        return max(anchor, self.as_of - timedelta(days=days))

    def lists(self, h: History) -> dict[int, list[list[str]]]:
        """Each list's rows, in the column order of HEADERS."""
        d, since, rng = self.as_of, self.since, self.rng
        out: dict[int, list[list[str]]] = {}

        out[1] = [
            [*self.child(kid, plain=True, disability=False), _uk(day), source, kid.district]
            for day, kid, source in h.contacts
            if since <= day <= d
        ]
        out[2] = [
            [*self.child(kid, disability=False), _iso(begin), _iso(_upto(done, d)), org]
            for begin, done, kid, org in h.early_help
            if begin <= d and (begin >= since or done is None or done >= since)
        ]

        rows = []
        for n, r in enumerate(x for x in h.referrals if since <= x.day <= d):
            rows.append(
                [
                    *self.child(r.kid, disability=False),
                    _uk(r.day),
                    r.source,
                    "a) Yes" if r.nfa else "b) No",
                    "#N/A" if n == 17 else str(r.previous),
                    *self.team(r.team),
                ]
            )
        out[3] = rows

        rows = []
        for a in h.assessments:
            done = _upto(a.authorised, d)
            if a.start <= d and (a.start >= since or done is None or done >= since):
                rows.append(
                    [
                        *self.child(a.kid),
                        _iso(a.start),
                        "Yes" if a.seen else "No",
                        _iso(done),
                        ("a) Yes" if a.support else "b) No") if done else "",
                        *self.team(a.team),
                    ]
                )
        out[4] = rows

        rows = []
        for e in h.enquiries:
            icpc = _upto(e.icpc, d)
            if e.start <= d and (e.start >= since or (icpc is not None and icpc >= since)):
                decided = e.icpc is not None or e.start < d - timedelta(days=20)
                rows.append(
                    [
                        *self.child(e.kid),
                        _iso(e.start),
                        ("N" if e.icpc is not None else "Y") if decided else "",
                        _iso(icpc),
                        ("Y" if e.plan else "N") if icpc else "",
                        str(e.previous + 1),
                        str(min(e.previous, 1) + (1 if icpc else 0)),
                        *self.team(e.team),
                    ]
                )
        out[5] = rows

        rows = []
        for ep in h.cin:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            if end is None:
                status = "d) Open assessment" if ep.code == "N0" else "c) Child in need plan"
                seen = self.recent(ep.start, 28, 0.86)
            else:
                status = "e) Closed episode"
                seen = max(ep.start, end - timedelta(days=rng.randint(0, 30)))
            rows.append(
                [
                    *self.child(ep.kid),
                    _iso(ep.start),
                    ep.code,
                    _iso(seen),
                    _iso(end),
                    ep.other if end else "",
                    status,
                    *self.team(ep.team),
                ]
            )
        out[6] = rows

        visited = 0.72 if self.back == 4 else 0.93
        rows = []
        for ep in h.cp:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            anchor = end or d
            late = not end and rng.random() >= visited
            visit = max(
                ep.start,
                self.cal.add(anchor, -rng.randint(11, 25) if late else -rng.randint(0, 10)),
            )
            review = anchor - timedelta(days=rng.randint(0, 170))
            visit_text = _uk(visit) if rng.random() < 0.1 else _iso(visit)
            if not rows:
                visit_text = f"31/09/{d.year}"  # a day that does not exist: reported, left out
            rows.append(
                [
                    *self.child(ep.kid),
                    _iso(ep.start),
                    ep.code,
                    ep.extra,
                    visit_text,
                    "a) Yes" if rng.random() < 0.82 else "b) No",
                    _iso(review) if review > ep.start + timedelta(days=90) else "",
                    _iso(end),
                    "Y" if ep.flag else "N",
                    str(ep.number),
                    *self.team(ep.team),
                ]
            )
        out[7] = rows

        rows = []
        for ep in h.cla:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            placed = max(ep.start, (end or d) - timedelta(days=rng.randint(0, 400)))
            missing = rng.choices((0, 1, 2, 5), (88, 7, 3, 2))[0]
            rows.append(
                [
                    *self.child(ep.kid),
                    "a) Yes" if ep.flag else "b) No",
                    _iso(ep.start),
                    _pick(rng, NEED_CODES),
                    "b) No",
                    _iso(ep.start),
                    ep.code,
                    _iso(end) if end else _iso(self.recent(ep.start, 183, 0.93, 260)),
                    _iso(self.recent(ep.start, 42, 0.91, 90)),
                    ep.extra,
                    _iso(self.recent(ep.start, 90, 0.9, 150)),
                    _iso(self.recent(ep.start, 365, 0.89, 500)),
                    _serial(self.recent(ep.start, 365, 0.8, 600)),  # as Excel serial numbers
                    str(ep.number),
                    _iso(end),
                    _pick(rng, CEASED) if end else "",
                    _iso(placed),
                    ep.other,
                    _pick(rng, PROVIDERS),
                    "",
                    "",
                    "a) Inside LA boundary",
                    rng.choice(LA_PLACEMENT),
                    str(missing),
                    str(rng.choice((0, 0, 0, 1))),
                    ("a) Yes" if rng.random() < 0.8 else "b) No") if missing else "",
                    ("Yes" if rng.random() < 0.6 else "No") if missing else "",
                    *self.team(ep.team),
                ]
            )
        out[8] = rows

        in_touch = 0.94 if self.back < 7 else 0.87
        rows = []
        for ep in h.leavers:
            if not (ep.start <= d and (ep.end is None or ep.end > d)):
                continue
            touch = rng.random() < in_touch
            rows.append(
                [
                    *self.child(ep.kid),
                    "Y" if ep.flag else "N",
                    ep.team[1],
                    ep.code,
                    _iso(self.recent(ep.start, 180, 0.9, 300)),
                    rng.choice(("Yes", "a) Yes", "yes")) if touch else rng.choice(("No", "b) No")),
                    _iso(self.recent(ep.start, 56, 0.9, 200)) if touch else "",
                    ep.extra,
                    "a) Suitable" if rng.random() < 0.89 else "b) Unsuitable",
                    _pick(rng, ACTIVITIES),
                    *self.team(ep.team),
                ]
            )
        out[9] = rows

        year_ago = d - timedelta(days=365)
        rows = []
        for ad in h.adoptions:
            finished = _upto(ad.adopted, d) or _upto(ad.stopped, d)
            if ad.decision > d or (finished is not None and finished < year_ago):
                continue
            stopped = _upto(ad.stopped, d)
            rows.append(
                [
                    *self.child(ad.kid),
                    ad.family,
                    _iso(ad.entered),
                    _iso(ad.decision),
                    _iso(_upto(ad.order, d)),
                    _iso(_upto(ad.matched, d)),
                    _iso(_upto(ad.placed, d)),
                    _iso(_upto(ad.adopted, d)),
                    _iso(stopped),
                    "Child's needs changed" if stopped else "",
                    _iso(_upto(ad.ffa, d)),
                ]
            )
        out[10] = rows
        return out


def write_extract(folder: Path, lists: dict[int, list[list[str]]]) -> Path:
    """One `List N.csv` a list, headers as HEADERS writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, rows in lists.items():
        with (folder / f"List {number}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS[number])
            writer.writerows(rows)
    return folder


# ---------------------------------------------------------------- loading


def insight_demo_load(*, today: date, months: int = 12) -> int:
    """Import `months` month-end Annex A extracts for the demo county; the number imported.

    Does nothing when the demo's extracts are already there.
    """
    if (
        months < 1
        or AnnexASnapshot.objects.filter(source_filename__startswith=FOLDER_PREFIX).exists()
    ):
        return 0
    rng = random.Random(SEED)
    county = _county(today, rng)
    if not county.kids or not county.teams:
        return 0
    scale = min(1.0, max(0.02, len(county.kids) / FULL_SIZE))
    ends = month_ends(today, months)
    cal = Calendar(_months_back(ends[0], 40), ends[-1] + timedelta(days=400))
    history = _history(county, ends, scale, rng, cal)
    now = clock.now()
    imported = 0
    with tempfile.TemporaryDirectory(prefix="annex-a-demo-") as tmp:
        for back, as_of in zip(range(len(ends) - 1, -1, -1), ends, strict=True):
            extract = _Extract(as_of, back, random.Random(f"{SEED}:{as_of.isoformat()}"), cal)
            folder = write_extract(
                Path(tmp) / f"{FOLDER_PREFIX} {as_of.isoformat()}", extract.lists(history)
            )
            result = snapshot_import(path=folder, as_of=as_of)
            if result.snapshot is None:
                raise RuntimeError(f"The demo Annex A for {as_of} was rejected: {result.message}")
            indicator_values_compute(snapshot=result.snapshot)
            when = min(now, datetime.combine(as_of + timedelta(days=4), time(9, 30), tzinfo=LONDON))
            AnnexASnapshot.objects.filter(pk=result.snapshot.pk).update(imported_at=when)
            job = AnnexAImportJob.objects.create(
                as_of=as_of,
                source_filename=folder.name,
                status=AnnexAImportJob.Status.IMPORTED,
                progress=100,
                message=f"Imported {sum(result.rows.values())} rows",
                report={**result.report(), "message": ""},
                snapshot=result.snapshot,
                finished_at=when,
            )
            AnnexAImportJob.objects.filter(pk=job.pk).update(created_at=when)
            imported += 1
    return imported
