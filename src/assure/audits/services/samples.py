"""Drawing an audit month's sample, and swapping a case out of it, reasons kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from assure.core import clock, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.org.models import Case, Service

from .. import sampling
from ..models import Audit, Cycle, Sample, SampleItem, add_months
from ..policy import CYCLES, SAMPLES

AUDITED_SERVICES = [
    k
    for k in Service.Kind.values
    if k not in (Service.Kind.QA_UNIT, Service.Kind.CP_CHAIRS, Service.Kind.IRO)
]


def eligible_cases(*, on: date, exclude_months: int) -> list[tuple[int, int]]:
    """Open cases not audited in the last `exclude_months` months, as (case, team) ids."""
    since = add_months(on.replace(day=1), -exclude_months)
    recently = Audit.objects.filter(allocated_at__date__gte=since).values("case_id")
    return list(
        Case.objects.filter(closed_on__isnull=True, team__service__kind__in=AUDITED_SERVICES)
        .exclude(pk__in=recently)
        .values_list("pk", "team_id")
    )


def sample_draw(
    *,
    actor: Any,
    cycle: Cycle,
    round: int,
    target: int = 160,
    min_per_team: int = 1,
    exclude_months: int = 6,
    seed: int | None = None,
    on: date | None = None,
) -> Sample:
    """Draw the cases for one audit month. The cycle is locked while drawing, so two
    people drawing the same month at once get one sample, and the other a clear no."""
    if round not in (1, 2):
        raise InvalidInput({"round": "A cycle has two audit months: round 1 or 2."})
    if target < 1:
        raise InvalidInput({"target": "Draw at least one case."})
    with writes.change(Cycle, cycle.pk, actor=actor, policy=CYCLES, action="draw_sample") as c:
        if Sample.objects.filter(cycle=cycle, round=round).exists():
            raise InvalidInput({"round": f"{cycle.label} round {round} already has a sample."})
        seed = seed if seed is not None else int(clock.now().timestamp())
        eligible = eligible_cases(on=on or clock.today(), exclude_months=exclude_months)
        draws = sampling.draw_sample(eligible, target=target, min_per_team=min_per_team, seed=seed)
        sample = Sample.objects.create(
            cycle=c.obj,
            round=round,
            seed=seed,
            target_size=target,
            min_per_team=min_per_team,
            exclude_months=exclude_months,
            eligible_cases=len(eligible),
            drawn_by=actor,
        )
        SampleItem.objects.bulk_create(
            [
                SampleItem(
                    sample=sample,
                    case_id=d.case_id,
                    team_id=d.team_id,
                    stratum_size=d.stratum_size,
                    stratum_quota=d.stratum_quota,
                    draw=d.draw,
                )
                for d in draws
            ],
            batch_size=1000,
        )
        c.commit(
            action=AuditEvent.Action.CREATE,
            summary=f"Drew {len(draws)} cases for {cycle.label} round {round}",
            extra={
                "sample": sample.pk,
                "seed": seed,
                "target": target,
                "min_per_team": min_per_team,
                "exclude_months": exclude_months,
                "eligible": len(eligible),
            },
        )
    return sample


def sample_swap(*, actor: Any, item: SampleItem, reason: str) -> SampleItem:
    """Swap a case out for the next case in its team's draw; the reason is kept.

    The sample is locked while swapping, so two swaps in one team never pick the
    same replacement, and a sample allocated meanwhile refuses the swap.
    """
    if not reason.strip():
        raise InvalidInput({"reason": "Say why this case is being swapped."})
    with writes.change(
        Sample.objects.select_related("cycle"),
        item.sample_id,
        actor=actor,
        policy=SAMPLES,
        action="swap",
    ) as c:
        sample = c.obj
        current = (
            SampleItem.objects.select_related("case__child", "team")
            .filter(pk=item.pk, sample=sample)
            .first()
        )
        if current is None or current.swapped_out:
            raise InvalidInput({"item": "Only cases in a sample not yet allocated can be swapped."})
        in_sample = set(sample.items.values_list("case_id", flat=True))
        team_cases = [
            case
            for case, team in eligible_cases(on=clock.today(), exclude_months=sample.exclude_months)
            if team == current.team_id
        ]
        new_case = sampling.replacement(
            team_cases, in_sample, seed=sample.seed, team_id=current.team_id
        )
        if new_case is None:
            raise InvalidInput({"item": f"{current.team} has no other eligible case to swap in."})
        current.swapped_out = True
        current.swap_reason = reason.strip()
        current.save(update_fields=["swapped_out", "swap_reason"])
        replacement = SampleItem.objects.create(
            sample=sample,
            case_id=new_case,
            team_id=current.team_id,
            stratum_size=current.stratum_size,
            stratum_quota=current.stratum_quota,
            draw=current.draw,
            replaces=current,
        )
        c.commit(
            summary=f"Swapped a case out of {sample}: {reason.strip()}",
            child_ref=current.case.child.reference,
            extra={
                "item": current.pk,
                "swapped_out": [False, True],
                "swap_reason": ["", current.swap_reason],
                "replacement": replacement.pk,
            },
        )
    item.refresh_from_db(fields=["swapped_out", "swap_reason"])
    return replacement
