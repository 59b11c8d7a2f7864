"""Performance data: Part A indicators of the latest Annex A, and Part B benchmarks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Schema

from assure.core.errors import InvalidInput
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.insight import selectors
from assure.insight.benchmarks import (
    BenchmarkError,
    UnknownAuthorityError,
    UnknownYearError,
    benchmark,
)
from assure.insight.policy import team_figures

from .errors import errors
from .urls import api


class IndicatorRowOut(Schema):
    indicator: str
    level: str
    unit: str
    as_of: str
    window_start: str
    window_end: str
    numerator: int | None
    denominator: int | None
    value: int | float | None
    # True when a count of 1 to 4 below the authority's level was withheld (with the
    # value resting on it) because the caller may not see children: "fewer than 5".
    suppressed: bool = False


class ComparisonOut(Schema):
    value: float | None
    england: float | None
    region: float | None
    sn_median: float | None
    rank: int | None
    n: int
    quartile: int | None


class BenchmarkOut(Schema):
    la: str
    year: int
    indicators: dict[str, ComparisonOut]
    source: str


def _require_aggregates(request: HttpRequest) -> None:
    if not has_perm(request.user, Perm.VIEW_AGGREGATES):
        raise PermissionDenied("You do not have permission to see performance figures.")


@api.get(
    "/indicators",
    response={200: list[IndicatorRowOut], **errors(400, 401, 403)},
    tags=["performance"],
)
def indicators(
    request: HttpRequest,
    indicator: str | None = None,
    level: str | None = None,
    unit: str | None = None,
) -> list[Any]:
    """Part A output rows (specs/indicators.md) of the latest Annex A; every filter optional.

    An empty list when no Annex A has been imported or nothing matches. Below the
    authority's level, a caller who may not see children (an elected member, an analyst)
    gets no count from 1 to 4: it is null with `suppressed` true, and so is the value
    resting on it (the DfE convention, "fewer than 5").
    """
    _require_aggregates(request)
    if indicator and indicator not in selectors.registry():
        raise InvalidInput({"indicator": f"Unknown indicator {indicator!r}."})
    run = selectors.current_run()
    rows = selectors.indicator_rows(run, indicator=indicator, level=level, unit=unit)
    small = team_figures.sees_small_numbers(request.user)
    out: list[dict[str, Any]] = []
    for row in rows:
        shown_as, shown = selectors.shown_row(row, small_numbers=small)
        out.append({**shown_as, "suppressed": shown.suppressed})
    return out


@api.get("/benchmarks", response={200: BenchmarkOut, **errors(400, 401, 403)}, tags=["performance"])
def benchmarks(request: HttpRequest, la: str, year: int) -> dict[str, Any]:
    """Every Part B indicator for authority `la` (DfE old LA code) in `year`."""
    _require_aggregates(request)
    try:
        return benchmark(la, year).as_json()
    except UnknownAuthorityError as error:
        raise InvalidInput({"la": str(error)}) from None
    except UnknownYearError as error:
        raise InvalidInput({"year": str(error)}) from None
    except BenchmarkError as error:
        raise InvalidInput({"data": str(error)}) from None
