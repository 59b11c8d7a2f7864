"""A triannual period: T1 January to April, T2 May to August, T3 September to December."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assure.core.errors import InvalidInput

_PATTERN = re.compile(r"^(\d{4})-T([123])$")
MONTHS = ("January", "May", "September")
LAST_MONTHS = ("April", "August", "December")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-T3` is September to December 2026."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise InvalidInput(
                {"period": f"Give the period as YYYY-TN, for example 2026-T3 (not {text!r})."}
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, (day.month - 1) // 4 + 1)

    @property
    def starts_on(self) -> date:
        return date(self.year, 4 * (self.number - 1) + 1, 1)

    @property
    def ends_before(self) -> date:
        """The first day after the period (periods are half-open: start <= day < this)."""
        return (
            date(self.year + 1, 1, 1)
            if self.number == 3
            else date(self.year, 4 * self.number + 1, 1)
        )

    @property
    def key(self) -> str:
        return f"{self.year}-T{self.number}"

    @property
    def label(self) -> str:
        return (
            f"T{self.number} {self.year}, {MONTHS[self.number - 1]} to "
            f"{LAST_MONTHS[self.number - 1]} {self.year}"
        )

    @property
    def short(self) -> str:
        return f"T{self.number} {self.year}"

    def previous(self) -> Period:
        return Period(self.year - 1, 3) if self.number == 1 else Period(self.year, self.number - 1)

    def year_before(self) -> Period:
        return Period(self.year - 1, self.number)
