"""The county as the Annex A demo sees it: every child with a date of birth and a
district, and the teams and workers its episodes are allocated to."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from assure.org.models import Case, Child, Team, User

from .codes import BAND_YEARS, ETHNICITIES, GENDER_WEIGHTS, GENDERS


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


def load_county(today: date, rng: random.Random) -> County:
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
