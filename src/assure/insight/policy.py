"""Who may see the children behind a team's figure, and who may say which team a name is.

The Annex A is a file someone typed: its team and worker names decide
nothing about who may see a child. The children behind a team's figure are
the children of the cases Assure itself allocates to that team (`Case`,
matched to the file's rows by child reference), limited to the cases the
reader may see; a practitioner sees only the cases Assure allocates to them
(`Case.allocated_worker`), never a row because a name in the file matches
theirs.

Mapping an Annex A team name to a team moves that name's figures to the
team, its district and its area. Only someone who sees every team's
children may do it (the QA unit), so an analyst or an administrator, who
see no child, cannot change whose figures a team manager reads.

Small numbers: a reader who may not see children (an elected member, an
analyst) sees no count from 1 to 4 below the authority's level; see
`sees_small_numbers` and `assure.reports.suppression`.
"""

from __future__ import annotations

from typing import Any

from assure.core.policy import access_for
from assure.core.roles import Perm
from assure.org.models import Team
from assure.org.selectors import cases_visible_to


class TeamFiguresPolicy:
    """The one answer to "may this person see behind, or move, a team's figures"."""

    def may_drill_into(self, user: Any, team: Team) -> bool:
        """Those who see the team's cases; a practitioner their own team (their own cases in it)."""
        access = access_for(user)
        if Perm.VIEW_CASES not in access.perms:
            return False
        if access.all_teams or team.pk in access.team_ids:
            return True
        return access.own_cases and getattr(user, "team_id", None) == team.pk

    def own_cases_only(self, user: Any, team: Team) -> bool:
        """Whether the reader sees only the cases allocated to them in this team."""
        access = access_for(user)
        return not (access.all_teams or team.pk in access.team_ids)

    def children_behind(self, user: Any, team: Team) -> list[str]:
        """The child references of the cases Assure allocates to `team` that `user` may see."""
        if not self.may_drill_into(user, team):
            return []
        refs = (
            cases_visible_to(user)
            .filter(team=team)
            .order_by()
            .values_list("child__reference", flat=True)
            .distinct()
        )
        return sorted(refs)

    def may_map_teams(self, user: Any) -> bool:
        """Those who import data or keep the structure, and see every team's children."""
        access = access_for(user)
        maintains = Perm.IMPORT_DATA in access.perms or Perm.MANAGE_STRUCTURE in access.perms
        return maintains and Perm.VIEW_CASES in access.perms and access.all_teams

    def sees_small_numbers(self, user: Any) -> bool:
        """Whether counts from 1 to 4 below the authority's level are shown to `user`."""
        return Perm.VIEW_CASES in access_for(user).perms


team_figures = TeamFiguresPolicy()
