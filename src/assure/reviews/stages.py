"""Who answers a practice alert at each stage, and by when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings

from assure.core.working_days import add_working_days
from assure.org.models import RoleAssignment, Team, User
from assure.org.selectors import service_managers_of

STAGES = {1: "Team manager", 2: "Service manager", 3: "Assistant director", 4: "Director"}
TOP_STAGE = max(STAGES)


def response_working_days(stage: int) -> int:
    """Working days each stage has to respond: the authority's settings page, else
    ASSURE_ALERT_RESPONSE_WORKING_DAYS (a number, or one a stage), else 5."""
    from assure.authority import settings_reader

    chosen = settings_reader.alert_response_working_days()
    if chosen:
        return chosen
    configured: Any = getattr(settings, "ASSURE_ALERT_RESPONSE_WORKING_DAYS", 5)
    if isinstance(configured, dict):
        return int(configured.get(stage) or configured.get(str(stage)) or 5)
    return int(configured)


def due_for(stage: int, start: datetime) -> datetime:
    from assure.authority import settings_reader

    return add_working_days(  # type: ignore[return-value]
        start, response_working_days(stage), closures=settings_reader.closure_days()
    )


def owner_for(stage: int, team: Team) -> User | None:
    """The person who must respond at this stage for this team."""
    if stage == 1:
        return team.manager
    if stage == 2:
        managers = service_managers_of(team)
        return managers[0] if managers else None
    if stage == 3:
        if team.district is None:
            return None  # county-wide teams have no area, so no area assistant director
        found = RoleAssignment.objects.filter(
            role="assistant_director", area_id=team.district.area_id, user__is_active=True
        ).select_related("user")
        first = found.order_by("pk").first()
        return first.user if first else None
    found = RoleAssignment.objects.filter(role="director", user__is_active=True).order_by("pk")
    first = found.select_related("user").first()
    return first.user if first else None


def owner_at_or_above(stage: int, team: Team) -> tuple[int, User | None]:
    """The first stage from `stage` upwards that has someone to answer it."""
    for s in range(stage, TOP_STAGE + 1):
        owner = owner_for(s, team)
        if owner is not None:
            return s, owner
    return TOP_STAGE, None
