"""The setup guide: each step from nothing to live, with its state and what to do next.

The steps and their keys are the contract's (`GET /api/v1/setup`): authority,
structure, staff, sign_in, annex_a, teams_matched, first_sample, in order.
Each state is read from what is in the database, never ticked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from assure.audits.models import Sample
from assure.core.models import AuditEvent
from assure.insight import selectors as insight_selectors
from assure.org.models import RoleAssignment, Team, User

from . import settings_reader
from .services import SETUP_ACTOR


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    next_action: str
    link: str
    usual_time: str


def _first_admin() -> int | None:
    """The account `assure setup` created first (its sign-ins do not count as "someone else")."""
    event = (
        AuditEvent.objects.filter(actor_username=SETUP_ACTOR, object_type="org.user")
        .order_by("id")
        .values_list("object_id", flat=True)
        .first()
    )
    return int(event) if event else None


def _someone_else_signed_in() -> bool:
    first = _first_admin()
    signed_in = User.objects.filter(last_login__isnull=False, is_demo=False)
    if first:
        signed_in = signed_in.exclude(pk=first)
    token_users = AuditEvent.objects.filter(action=AuditEvent.Action.TOKEN)
    if first:
        token_users = token_users.exclude(actor_id=first)
    return signed_in.exists() or token_users.exists()


def _teams_matched() -> bool:
    run = insight_selectors.current_run()
    if run is None:
        return False
    return all(m.team is not None for m in insight_selectors.team_matches(run))


def setup_steps() -> list[Step]:
    staff_roles = RoleAssignment.objects.exclude(role="administrator")
    return [
        Step(
            "authority",
            "Set the authority's name and DfE code",
            settings_reader.current() is not None,
            "Run `assure setup`, then check the settings page.",
            "/admin/authority/",
            "5 minutes",
        ),
        Step(
            "structure",
            "Load areas, districts, services and teams",
            Team.objects.exists(),
            "Download the structure template, fill it in and upload it.",
            "/admin/import/",
            "20 minutes",
        ),
        Step(
            "staff",
            "Load staff and their roles",
            staff_roles.filter(~Q(user__is_demo=True)).exists(),
            "Download the staff template, fill it in and upload it; then invite people.",
            "/admin/import/",
            "30 minutes",
        ),
        Step(
            "sign_in",
            "Someone other than you signs in",
            _someone_else_signed_in(),
            "Invite a colleague (or sign in with Entra ID) and ask them to sign in.",
            "/admin/people/",
            "10 minutes",
        ),
        Step(
            "annex_a",
            "Import the first Annex A extract",
            insight_selectors.latest_snapshot() is not None,
            "Upload the latest Annex A workbook or folder of CSV files.",
            "/insight/imports/",
            "10 minutes",
        ),
        Step(
            "teams_matched",
            "Match every Annex A team name to a team",
            _teams_matched(),
            "Map each unmatched team name once; Assure remembers it.",
            "/insight/teams/",
            "10 minutes",
        ),
        Step(
            "first_sample",
            "Draw the first audit sample",
            Sample.objects.exists(),
            "The QA unit follows 'Start your first audit cycle': the cycle, its first "
            "sample and the allocations, in three steps.",
            "/audits/first-cycle/",
            "15 minutes",
        ),
    ]
