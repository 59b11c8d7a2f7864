"""The quarters the chairs' dashboard counts by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None, default: Quarter) -> Quarter:
        try:
            year, _, number = (text or "").upper().partition("-Q")
            quarter = cls(int(year), int(number))
        except ValueError:
            return default
        return quarter if 1 <= quarter.number <= 4 and 2000 <= quarter.year <= 2100 else default

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        nxt = self.next()
        return nxt.start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def back(self, n: int) -> list[Quarter]:
        """This quarter and the n-1 before it, oldest first."""
        out = [self]
        for _ in range(n - 1):
            out.append(out[-1].previous())
        return out[::-1]

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    def shown(self, today: date) -> str:
        """The key, marked "(part)" while the quarter is not yet over: its figures are
        still growing, so a short bar is not yet a fall."""
        return self.key if today > self.end else f"{self.key} (part)"

    @property
    def label(self) -> str:
        return f"{self.start:%b} to {self.end:%b %Y}"

    def __str__(self) -> str:
        return self.key
