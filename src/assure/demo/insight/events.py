"""The simulated months, list by list: every event the extracts are written from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .county import Kid


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
