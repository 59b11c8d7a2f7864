"""The county, districts and teams a user may choose on the chairs' dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from assure.core.policy import access_for, has_perm
from assure.core.roles import Perm
from assure.org.models import District, Team

from ..policy import may_see_chairs as sees_chairs
from ..policy import sees_everything

__all__ = [
    "Unit",
    "county",
    "district_of",
    "district_unit",
    "sees_chairs",
    "sees_everything",
    "unit_for",
    "units_for",
]


@dataclass(frozen=True)
class Unit:
    level: str  # "county", "district" or "team"
    pk: int | None
    name: str

    @property
    def key(self) -> str:
        return "county" if self.level == "county" else f"{self.level}:{self.pk}"

    def scope(self, prefix: str = "") -> Q:
        if self.level == "district":
            return Q(**{f"{prefix}team__district_id": self.pk})
        if self.level == "team":
            return Q(**{f"{prefix}team_id": self.pk})
        return Q()


def county(name: str = "The county") -> Unit:
    return Unit("county", None, name)


def units_for(user: Any) -> list[Unit]:
    """The units this user may choose: the county, then districts and teams in scope."""
    access = access_for(user)
    if Perm.VIEW_AGGREGATES not in access.perms:
        return []
    units = [county()]
    if Perm.VIEW_CASES not in access.perms:
        return units  # elected members, analysts: county aggregates only
    teams = Team.objects.filter(district__isnull=False).select_related("district")
    if not sees_everything(user):
        teams = teams.filter(pk__in=sorted(access.team_ids))
    team_list = list(teams.order_by("district__name", "name"))
    districts = {t.district_id: t.district for t in team_list if t.district is not None}
    units += [
        Unit("district", d.pk, d.name) for d in sorted(districts.values(), key=lambda d: d.name)
    ]
    units += [Unit("team", t.pk, t.name) for t in team_list]
    return units


def unit_for(user: Any, key: str | None) -> Unit | None:
    """The unit named by `key` if this user may see it (None otherwise)."""
    key = key or "county"
    if key == "county":
        return county() if has_perm(user, Perm.VIEW_AGGREGATES) else None
    level, _, raw = key.partition(":")
    if level not in ("district", "team") or not raw.isdigit():
        return None
    for unit in units_for(user):
        if unit.level == level and unit.pk == int(raw):
            return unit
    return None


def district_unit(user: Any, district_id: int) -> Unit | None:
    return unit_for(user, f"district:{district_id}")


def district_of(unit: Unit) -> District | None:
    if unit.level != "district" or unit.pk is None:
        return None
    return District.objects.filter(pk=unit.pk).first()
