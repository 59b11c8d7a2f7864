"""The first cycle through the API: create a cycle, draw its sample (the QA unit)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Schema

from assure.audits import services
from assure.audits.models import Cycle, Sample
from assure.core.errors import InvalidInput
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .errors import errors
from .urls import api


class CycleIn(Schema):
    year: int
    number: int
    starts_on: date


class CycleOut(Schema):
    id: int
    label: str
    months: list[date]


# The columns a sample is kept in hold a 32-bit size and a 64-bit seed: anything
# wider is refused here as bad input, naming the field, before it reaches the database.
SIZE_MAX = 2**31 - 1
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1


class SampleIn(Schema):
    size: int = Field(ge=1, le=SIZE_MAX)
    seed: int | None = Field(default=None, ge=SEED_MIN, le=SEED_MAX)


class SampleOut(Schema):
    id: int
    cases: list[str]


def _cycle_out(cycle: Cycle) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "label": cycle.label,
        "months": [cycle.month_start(m) for m in (1, 2, 3, 4)],
    }


@api.post("/cycles", response={201: CycleOut, **errors(400, 401, 403)}, tags=["audits"])
def cycle_create(request: HttpRequest, payload: CycleIn) -> tuple[int, dict[str, Any]]:
    """A triannual audit cycle with its four calendar months (QA unit)."""
    require_perm(request.user, Perm.RUN_QA)
    if payload.starts_on.day != 1 or payload.starts_on.year != payload.year:
        raise InvalidInput({"starts_on": "The first day of the cycle's first month, in its year."})
    cycle = services.cycle_create(
        actor=request.user, year=payload.year, number=payload.number, starts_on=payload.starts_on
    )
    return 201, _cycle_out(cycle)


@api.post(
    "/cycles/{cycle_id}/samples",
    response={201: SampleOut, **errors(400, 401, 403, 404)},
    tags=["audits"],
)
def sample_create(
    request: HttpRequest, cycle_id: int, payload: SampleIn
) -> tuple[int, dict[str, Any]]:
    """Draw the cycle's next sample (month 1, then month 3) as the pages draw it."""
    require_perm(request.user, Perm.RUN_QA)
    cycle = Cycle.objects.filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    drawn = set(Sample.objects.filter(cycle=cycle).values_list("round", flat=True))
    rounds = [r for r in (1, 2) if r not in drawn]
    if not rounds:
        raise InvalidInput({"cycle": f"{cycle.label} has both its samples already."})
    sample = services.sample_draw(
        actor=request.user,
        cycle=cycle,
        round=rounds[0],
        target=payload.size,
        seed=payload.seed,
        on=cycle.month_start(1 if rounds[0] == 1 else 3),
    )
    refs = list(sample.items.order_by("pk").values_list("case__child__reference", flat=True))
    return 201, {"id": sample.pk, "cases": refs}
