"""The annual Child Outcome Analysis plan (framework 2.2): one district a month, each
visit the first working week of its month, led by the principal social worker."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from assure.audits.models import add_months
from assure.core.errors import InvalidInput
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.org.models import District

from ..models import Programme
from .programmes import programme_create


def first_monday(month: date) -> date:
    return month + timedelta(days=(7 - month.weekday()) % 7)


@transaction.atomic
def coa_year_plan(
    *, actor: Any, first_month: date, months: int = 12, lead: str | None = None
) -> list[Programme]:
    """A visit a month for `months` months, districts in turn; a month already planned
    for its district is left as it is, so planning twice adds nothing."""
    if not has_perm(actor, Perm.RUN_QA):
        raise PermissionDenied("Only the QA unit plans the year's Child Outcome Analysis.")
    if not 1 <= months <= 24:
        raise InvalidInput({"months": "Plan between 1 and 24 months."})
    districts = list(District.objects.order_by("name"))
    if not districts:
        raise InvalidInput({"first_month": "The authority has no districts yet."})
    start = first_month.replace(day=1)
    made = []
    for i in range(months):
        month = add_months(start, i)
        district = districts[i % len(districts)]
        begins = first_monday(month)
        if Programme.objects.filter(
            kind=Programme.Kind.COA,
            district=district,
            starts_on__gte=month,
            starts_on__lt=add_months(month, 1),
        ).exists():
            continue
        made.append(
            programme_create(
                actor=actor,
                kind=Programme.Kind.COA,
                title=f"Child Outcome Analysis: {district.name}, {month:%B %Y}",
                starts_on=begins,
                ends_on=begins + timedelta(days=4),
                district=district.name,
                lead=lead or None,
            )
        )
    return made
