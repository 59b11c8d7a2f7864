"""Long lists: sorting by a column with links, and pages of them.

A list declares the columns it may be sorted by (`Sorting`), each with the
fields it orders on; `?sort=KEY` sorts ascending, `?sort=-KEY` descending.
Only the declared keys are honoured: anything else in the address (a
hand-edited `?sort=password`, an unknown column) falls back to the list's
default order rather than reaching `order_by`, so a stray parameter can
neither fail the page nor order by a field the list does not show. The links
work without JavaScript, and the sorted column's header says so with
`aria-sort`, as the GOV.UK sortable table does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict


@dataclass(frozen=True)
class Column:
    """A column of a list. `order` is empty for a column that is not sortable."""

    key: str
    label: str
    order: tuple[str, ...] = ()
    numeric: bool = False
    # Dates read best newest first, names from A: the first click's direction.
    first_descending: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)
    numeric: bool
    next_direction: str  # how the link would sort, for screen readers


@dataclass(frozen=True)
class Sorted:
    key: str
    descending: bool
    order_by: tuple[str, ...]
    headers: tuple[Header, ...]

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


@dataclass(frozen=True)
class Sorting:
    columns: tuple[Column, ...]
    default: str  # "-date": the key, with "-" for descending
    tiebreak: str = "-id"  # keeps pages stable where the sorted values are equal

    def choose(self, request: HttpRequest) -> Sorted:
        """The order the request asks for, or the default where it asks for anything else."""
        by_key = {c.key: c for c in self.columns if c.order}
        asked = request.GET.get("sort", "")
        key = asked.removeprefix("-")
        if key not in by_key:
            asked, key = self.default, self.default.removeprefix("-")
        descending = asked.startswith("-")
        column = by_key[key]
        fields = tuple(f"-{f}" if descending else f for f in column.order)
        return Sorted(
            key=key,
            descending=descending,
            order_by=(*fields, self.tiebreak),
            headers=tuple(
                _header(request, c, sorted_key=key, descending=descending) for c in self.columns
            ),
        )


def _header(request: HttpRequest, column: Column, *, sorted_key: str, descending: bool) -> Header:
    if not column.order:
        return Header(column.label, "", "", column.numeric, "")
    if column.key == sorted_key:
        aria = "descending" if descending else "ascending"
        next_descending = not descending
    else:
        aria = ""
        next_descending = column.first_descending
    query = request.GET.copy()
    query.pop("page", None)  # a new order starts at the first page
    query["sort"] = f"-{column.key}" if next_descending else column.key
    return Header(
        label=column.label,
        href=f"?{query.urlencode()}",
        aria_sort=aria,
        numeric=column.numeric,
        next_direction="descending" if next_descending else "ascending",
    )


def query_without_page(request: HttpRequest | QueryDict) -> str:
    """The query string without `page`, ready for `?{this}page=N` (empty or ending in &)."""
    query = (request.GET if isinstance(request, HttpRequest) else request).copy()
    query.pop("page", None)
    return query.urlencode() + "&" if query else ""


def page_of(request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], size: int) -> Page[Any]:
    """One page of `rows`. A page number that is not a number opens the first page, one past
    the end the last: an old or hand-edited link still shows something (Django's get_page)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))
