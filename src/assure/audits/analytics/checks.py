"""The moderators' checks of the auditors' actions: done, partly done or not done.

Moderation records, for each action the auditor set, whether it was done
(`ActionCheck`). Counted here by auditor, team and cycle, one grouped query a
table; and the actions that say "done" while the moderator's check said "not
done", which someone should look at again.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from assure.actions.models import Action

from ..models import ActionCheck
from .tables import Cell, Table, cycle_label, cycle_sort, fetch, pct

_AUDIT = "moderation__audit__"
CHECK_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "auditor": (
        "Auditor",
        tuple(f"{_AUDIT}auditor__{name}" for name in ("first_name", "last_name", "username")),
    ),
    "team": ("Team", (f"{_AUDIT}team__name",)),
    "cycle": ("Cycle", (f"{_AUDIT}cycle__year", f"{_AUDIT}cycle__number")),
}
Outcome = ActionCheck.Outcome
# An action marked done that the moderator found not done (or only partly done).
CONTRADICTED = Q(action__status=Action.Status.DONE, outcome=Outcome.NOT_DONE)


def _label(group: str, row: dict[str, object]) -> str:
    if group == "auditor":
        name = f"{row[f'{_AUDIT}auditor__first_name']} {row[f'{_AUDIT}auditor__last_name']}"
        return name.strip() or str(row[f"{_AUDIT}auditor__username"])
    if group == "cycle":
        year, number = row[f"{_AUDIT}cycle__year"], row[f"{_AUDIT}cycle__number"]
        return cycle_label({"cycle__year": year, "cycle__number": number})
    return str(row[f"{_AUDIT}team__name"])


def check_table(checks: QuerySet[ActionCheck], *, by: str) -> Table:
    """Per auditor, team or cycle: how the moderators found the actions, and contradictions."""
    label, fields = CHECK_GROUPS[by]
    rows = fetch(
        checks.values(*fields)
        .annotate(
            checked=Count("id"),
            done=Count("id", filter=Q(outcome=Outcome.DONE)),
            partly=Count("id", filter=Q(outcome=Outcome.PARTLY)),
            not_done=Count("id", filter=Q(outcome=Outcome.NOT_DONE)),
            contradicted=Count("id", filter=CONTRADICTED),
        )
        .order_by()
    )
    out: list[tuple[Cell, ...]] = [
        (
            _label(by, row),
            row["checked"],
            row["done"],
            row["partly"],
            row["not_done"],
            pct(row["done"], row["checked"]),
            row["contradicted"],
        )
        for row in rows
    ]
    if by == "cycle":
        out.sort(key=lambda r: cycle_sort(str(r[0])), reverse=True)
    else:
        out.sort(key=lambda r: str(r[0]).lower())
    checked = sum(int(r[1] or 0) for r in out)
    contradicted = sum(int(r[6] or 0) for r in out)
    return Table(
        key=f"action-checks-by-{by}",
        title=f"Moderators' checks by {label.lower()}",
        summary=(
            f"For {checked} action{'s' if checked != 1 else ''} set by auditors, what the "
            f"moderator found at moderation, by {label.lower()}. {contradicted} "
            f"{'is' if contradicted == 1 else 'are'} marked done although the moderator found "
            f"{'it' if contradicted == 1 else 'them'} not done."
        ),
        headers=(
            label,
            "Checked",
            "Done",
            "Partly done",
            "Not done",
            "% done",
            "Marked done, checked not done",
        ),
        rows=out,
        flags=[bool(r[6]) for r in out],
    )


def contradicted_checks(checks: QuerySet[ActionCheck]) -> QuerySet[ActionCheck]:
    """The checks whose action says "done" while the moderator found it not done."""
    return (
        checks.filter(CONTRADICTED)
        .select_related(
            "action__owner",
            "moderation__moderator",
            "moderation__audit__team",
            "moderation__audit__auditor",
            "moderation__audit__cycle",
        )
        .order_by("-moderation__recorded_at", "-id")
    )
