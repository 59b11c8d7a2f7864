"""Matching the teams named in an Annex A to the authority's own teams.

A name in the file matches an `org.Team` when the two are equal after
normalising (non-breaking spaces to spaces, runs of blanks to one, ends
trimmed) and ignoring case. A name that matches no team can be mapped by
hand once (`TeamNameMapping`); the mapping is remembered for later imports
and takes precedence over the automatic match. Who may map is
`policy.team_figures.may_map_teams`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.org.models import Team

from .indicators import normalise_team
from .models import TeamNameMapping
from .policy import team_figures


def team_key(name: str | None) -> str:
    """The comparison key of a team name: normalised spacing, case folded."""
    return (normalise_team(name) or "").casefold()


@dataclass(frozen=True)
class TeamMatch:
    name: str  # as the Annex A names it (normalised)
    team: Team | None
    mapped_by_hand: bool


def _teams_by_key() -> dict[str, Team]:
    teams = Team.objects.select_related("service", "district__area")
    return {team_key(t.name): t for t in teams}


def match_teams(names: Iterable[str]) -> list[TeamMatch]:
    """Each Annex A team name with the org team it stands for (or None). Two queries."""
    by_key = _teams_by_key()
    by_pk = {t.pk: t for t in by_key.values()}
    manual = {m.key: m.team_id for m in TeamNameMapping.objects.all()}
    out: list[TeamMatch] = []
    for name in names:
        key = team_key(name)
        if key in manual and manual[key] in by_pk:
            out.append(TeamMatch(name, by_pk[manual[key]], True))
        else:
            out.append(TeamMatch(name, by_key.get(key), False))
    return out


def team_units(names: Iterable[str]) -> dict[str, dict[str, str]]:
    """The engine's `team_units`: each matched name's district, area and service."""
    units: dict[str, dict[str, str]] = {}
    for match in match_teams(names):
        team = match.team
        if team is None:
            continue
        entry = {"service": team.service.name}
        if team.district_id and team.district is not None:
            entry["district"] = team.district.name
            entry["area"] = team.district.area.name
        units[match.name] = entry
    return units


def team_mapping_save(*, actor: Any, name: str, team: Team | None) -> TeamNameMapping | None:
    """Map an Annex A team name to a team (or forget the mapping when `team` is None)."""
    if not team_figures.may_map_teams(actor):
        raise PermissionDenied(
            "Only those who see every team's children may map team names: a mapping decides "
            "whose figures a team is shown."
        )
    clean = normalise_team(name) or ""
    key = team_key(clean)
    if not key:
        raise ValueError("A team name is needed.")
    with transaction.atomic():
        existing = TeamNameMapping.objects.select_for_update().filter(key=key).first()
        before = existing.team_id if existing else None
        if team is None:
            if existing is None:
                return None
            existing.delete()
            trail.record(
                actor=actor,
                action=AuditEvent.Action.DELETE,
                summary=f"Forgot the mapping of Annex A team '{clean}'",
                object_type="insight.teamnamemapping",
                object_id=key[:64],
                changes={"team": [before, None]},
            )
            return None
        if existing is None:
            mapping = TeamNameMapping.objects.create(
                key=key, name=clean[:200], team=team, updated_by=actor
            )
            action = AuditEvent.Action.CREATE
        else:
            existing.team = team
            existing.updated_by = actor
            existing.save(update_fields=["team", "updated_by", "updated_at"])
            mapping = existing
            action = AuditEvent.Action.UPDATE
        trail.record(
            actor=actor,
            action=action,
            summary=f"Mapped Annex A team '{clean}' to {team.name}",
            obj=mapping,
            changes={"team": [before, team.pk]},
        )
    return mapping
