"""Drawing a programme's case sample: open cases by case type, team and age band.

The draw reuses the audit cycle's stratified sampler (teams as strata, seeded
per team), so the same seed and the same open cases always give the same
sample, and each case records why it was drawn.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from assure.audits.sampling import draw_sample
from assure.core import trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.org.models import Case, Child, Team

from ..models import Programme, SampledCase
from ..policy import PROGRAMMES
from .common import visible_programme

MAX_SAMPLE = 200


def eligible_cases(
    programme: Programme, *, case_type: str = "", team: Team | None = None, age_band: str = ""
) -> Any:
    """Open cases matching the filters, within a district programme's district, not yet drawn."""
    cases = Case.objects.filter(closed_on__isnull=True)
    if programme.district_id:
        cases = cases.filter(team__district_id=programme.district_id)
    if case_type:
        cases = cases.filter(case_type=case_type)
    if team is not None:
        cases = cases.filter(team=team)
    if age_band:
        cases = cases.filter(child__age_band=age_band)
    return cases.exclude(pk__in=programme.sampled.values("case_id"))


@transaction.atomic
def programme_sample_draw(
    *,
    actor: Any,
    programme_id: int,
    size: int,
    case_type: str | None = None,
    team: str | None = None,
    age_band: str | None = None,
    seed: int | None = None,
) -> list[SampledCase]:
    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "manage", programme)
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        raise InvalidInput({"size": f"Choose a sample of 1 to {MAX_SAMPLE} cases."})
    if case_type and case_type not in Case.Type.values:
        raise InvalidInput({"case_type": f"Use one of {', '.join(Case.Type.values)}."})
    if age_band and age_band not in Child.AgeBand.values:
        raise InvalidInput({"age_band": f"Use one of {', '.join(Child.AgeBand.values)}."})
    chosen_team = None
    if team:
        chosen_team = Team.objects.filter(name=team).first()
        if chosen_team is None:
            raise InvalidInput({"team": f"No team is called {team!r}."})
    if seed is None:
        # Reproducible without being asked: the programme and how many draws came before.
        seed = programme.pk * 100 + programme.sampled.values("seed").distinct().count()
    pool = eligible_cases(
        programme, case_type=case_type or "", team=chosen_team, age_band=age_band or ""
    )
    pairs = list(pool.values_list("pk", "team_id"))
    if not pairs:
        raise InvalidInput({"size": "No open cases match; widen the case type, team or age band."})
    draws = draw_sample(pairs, target=size, min_per_team=0, seed=seed)
    filters = ", ".join(
        f"{name} {value}"
        for name, value in (
            ("case type", case_type),
            ("team", team),
            ("age band", age_band),
        )
        if value
    )
    rows = [
        SampledCase(
            programme=programme,
            case_id=d.case_id,
            seed=seed,
            reason=(
                f"Drawn at random (seed {seed}): {d.stratum_quota} of the team's "
                f"{d.stratum_size} open cases{f' ({filters})' if filters else ''}"
            )[:300],
            added_by=actor,
        )
        for d in draws
    ]
    SampledCase.objects.bulk_create(rows)
    drawn = list(
        programme.sampled.filter(case_id__in=[d.case_id for d in draws]).select_related(
            "case__child", "case__team"
        )
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=programme,
        summary=f"Drew {len(drawn)} cases for programme {programme.pk}",
        changes={
            "seed": seed,
            "size": size,
            "filters": filters,
            "child_refs": sorted(s.case.child.reference for s in drawn)[:200],
        },
    )
    return drawn


AUDITED_KINDS = (Programme.Kind.THEMATIC, Programme.Kind.MULTI_AGENCY)


@transaction.atomic
def programme_sample_audit(*, actor: Any, programme_id: int) -> list[Any]:
    """Send the sample's cases not yet audited into the audit loop: one audit each, for its
    team manager with the team's own tool, due when the programme ends."""
    from assure.audits.services.outside_cycle import audits_allocate_cases

    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "manage", programme)
    if programme.kind not in AUDITED_KINDS:
        raise InvalidInput({"sample": "Only thematic and multi-agency audits audit their sample."})
    rows = list(
        programme.sampled.filter(audit__isnull=True).select_related(
            "case__child", "case__team__manager", "case__team__service", "case__allocated_worker"
        )
    )
    if not rows:
        raise InvalidInput({"sample": "Every case in the sample is already being audited."})
    audits = audits_allocate_cases(
        actor=actor,
        cases=[r.case for r in rows],
        due_date=programme.ends_on,
        why=f"{programme.get_kind_display().lower()} {programme.pk}",
    )
    for row, audit in zip(rows, audits, strict=True):
        row.audit = audit
    SampledCase.objects.bulk_update(rows, ["audit"])
    trail.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=programme,
        summary=f"Sent {len(audits)} sampled cases of programme {programme.pk} for audit",
        changes={"audits": [a.pk for a in audits]},
    )
    return audits
