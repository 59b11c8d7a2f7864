"""Red, amber or green: where the authority's figure stands against England and its neighbours.

A director reads a RAG status before the numbers, so the rule is one a reader
can check from the row beside it:

- green: as good as or better than both England and the statistical-neighbour
  median;
- amber: better than one of them, worse than the other;
- red: worse than both.

"Better" follows the indicator's polarity. An indicator where higher is
neither better nor worse (referral rates, rates of children in care) gets no
status: a high rate may be good practice or a problem, and a colour would
pretend to know which. Where England or the neighbours have no value, the
one comparator there is decides (as good as it is green, worse is red).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["green", "amber", "red"]

# The GOV.UK tag colour of each status, and the word shown in it: colour is
# never the only signal (WCAG 1.4.1), so the tag says the status too.
TAG_CLASS: dict[Status, str] = {
    "green": "govuk-tag--green",
    "amber": "govuk-tag--yellow",
    "red": "govuk-tag--red",
}


@dataclass(frozen=True, slots=True)
class Rag:
    """A status and the sentence that explains it (shown beside the tag)."""

    status: Status | None
    reason: str

    @property
    def label(self) -> str:
        return self.status.capitalize() if self.status else "Not rated"

    @property
    def tag_class(self) -> str:
        return TAG_CLASS[self.status] if self.status else "govuk-tag--grey"


def _better(value: float, other: float, polarity: str) -> bool | None:
    """True if better, False if worse, None if equal."""
    if value == other:
        return None
    higher = value > other
    return higher if polarity in ("higher_is_better", "higher_better") else not higher


def rag(
    value: float | None,
    england: float | None,
    sn_median: float | None,
    polarity: str,
) -> Rag:
    """The status of `value` against England and the statistical-neighbour median."""
    if polarity not in ("higher_is_better", "lower_is_better", "higher_better", "lower_better"):
        return Rag(None, "Not rated: higher is neither better nor worse.")
    if value is None:
        return Rag(None, "Not rated: the authority has no figure.")
    named = (("England", england), ("statistical neighbours", sn_median))
    comparators = [(name, c) for name, c in named if c is not None]
    if not comparators:
        return Rag(None, "Not rated: there is nothing to compare with.")
    verdicts = [(name, _better(value, c, polarity)) for name, c in comparators]
    worse = [name for name, v in verdicts if v is False]
    if not worse:
        return Rag("green", f"As good as or better than {_both(comparators)}.")
    if len(worse) == len(verdicts):
        return Rag("red", f"Worse than {_both(comparators)}.")
    better = [name for name, v in verdicts if v is not False]
    return Rag("amber", f"Better than {better[0]}, worse than {worse[0]}.")


def _both(comparators: list[tuple[str, float]]) -> str:
    return " and ".join(name for name, _ in comparators)
