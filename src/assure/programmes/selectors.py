"""Reads of QA programmes, scoped to the user; showing a sample or observations is trailed."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet

from assure.core import trail
from assure.core.models import AuditEvent

from .models import Observation, Programme, SampledCase
from .policy import OBSERVATIONS, PROGRAMMES


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    return PROGRAMMES.visible_to(user)


def programmes_listed(
    user: Any, *, kind: str | None = None, status: str | None = None
) -> QuerySet[Programme]:
    rows = programmes_visible_to(user).select_related("district", "lead")
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(finding_count=Count("findings", distinct=True)).order_by(
        "-starts_on", "id"
    )


def programme_actions(programme: Programme) -> QuerySet[Any]:
    from assure.actions.selectors import actions_for_source

    return actions_for_source("programme", str(programme.pk))


def action_counts(programmes: list[Programme]) -> dict[int, int]:
    from assure.actions.models import Action

    ids = [str(p.pk) for p in programmes]
    rows = (
        Action.objects.filter(source_type="programme", source_id__in=ids)
        .values("source_id")
        .annotate(n=Count("pk"))
    )
    return {int(r["source_id"]): r["n"] for r in rows}


def programme_sample(user: Any, programme: Programme) -> list[SampledCase]:
    """The sample's cases, for those who may see them; each showing is in the trail."""
    if not PROGRAMMES.may(user, "see_cases", programme):
        return []
    rows = list(programme.sampled.select_related("case__child", "case__team", "audit"))
    if rows:
        trail.record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            obj=programme,
            summary=f"Viewed the {len(rows)} sampled cases of programme {programme.pk}",
            changes={"child_refs": sorted(r.case.child.reference for r in rows)[:200]},
        )
    return rows


def programme_observations(user: Any, programme: Programme) -> list[Observation]:
    if not PROGRAMMES.may(user, "see_cases", programme):
        return []
    rows = list(programme.observations.select_related("case__child", "observer"))
    OBSERVATIONS.record_reads(
        user, rows, what=f"Viewed {len(rows)} observations of programme {programme.pk}"
    )
    return rows


def observations_by_setting(programme: Programme) -> dict[str, int]:
    """Counts only: no child is named, so no trail is needed."""
    return dict(Counter(programme.observations.values_list("setting", flat=True)))


def published_programmes() -> QuerySet[Programme]:
    """Thematic programmes whose findings the circle approved for every member of staff."""
    return Programme.objects.filter(published_at__isnull=False).order_by("-published_at")


def case_with_programmes(user: Any, reference: str) -> tuple[Any, list[Programme]] | None:
    """A case by child reference, for staff whose scope reaches it or for a member of a
    programme that sampled it (a partner sees those and no other), with the programmes
    the reader may see that sampled it. None when neither: the caller answers 404.
    The reading is trailed."""
    from assure.org.models import Case
    from assure.org.selectors import cases_visible_to

    case = cases_visible_to(user).filter(child__reference=reference).order_by("-opened_on").first()
    seen = list(
        programmes_visible_to(user)
        .filter(sampled__case__child__reference=reference)
        .distinct()
        .order_by("-starts_on", "id")
    )
    if case is None:
        through = [p for p in seen if PROGRAMMES.may(user, "see_cases", p)]
        if not through:
            return None
        case = (
            Case.objects.filter(
                child__reference=reference, programme_samples__programme__in=through
            )
            .select_related("child", "team", "allocated_worker")
            .order_by("-opened_on")
            .first()
        )
        if case is None:
            return None
    trail.record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        obj=case,
        child_ref=reference,
        summary=f"Viewed case {case.pk} with its QA programmes",
    )
    return case, seen
