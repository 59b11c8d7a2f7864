"""The one clock. Domain code asks here for the time; tests and the demo set it.

Nothing in Assure reads `timezone.now()`, `date.today()` or `datetime.now()`
for a domain purpose: due dates, overdue checks, escalation, reminders, cycle
months and the demo's stories all follow this clock, so a test can run the
whole application on any day (a bank holiday, 29 February, a cycle's first
morning) and get the same answers it gets on that day in production.

Two ways to set it:

- `clock.set(moment)`: from now on the clock reads `moment` and keeps
  ticking from there (an offset from the real clock), so sessions, tokens
  and elapsed-time checks still behave. The test suite does this once, from
  `ASSURE_TEST_NOW`, to run everything on another day.
- `with clock.frozen(moment):` the clock stands still at `moment` inside the
  block (the demo stamps a year of history this way, and tests that compare
  exact times use it). Blocks nest; leaving one restores what was before.

The state is one module global rather than a context variable on purpose: a
browser test's live server answers in another thread of the same process and
must see the same day as the test driving it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

_lock = threading.Lock()
_offset = timedelta(0)
_frozen: datetime | None = None


def now() -> datetime:
    """The current moment, timezone-aware."""
    frozen = _frozen
    if frozen is not None:
        return frozen
    return timezone.now() + _offset


def today() -> date:
    """Today's date in the authority's time zone (Europe/London)."""
    return timezone.localdate(now())


def local_moment(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """That day at that local time, timezone-aware."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _aware(moment: datetime | date) -> datetime:
    if not isinstance(moment, datetime):
        return local_moment(moment)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def set(moment: datetime | date | None) -> None:
    """Move the clock to `moment` and let it tick from there; None puts it back."""
    global _offset
    with _lock:
        _offset = timedelta(0) if moment is None else _aware(moment) - timezone.now()


@contextmanager
def frozen(moment: datetime | date) -> Iterator[datetime]:
    """Stop the clock at `moment` inside the block."""
    global _frozen
    with _lock:
        before, _frozen = _frozen, _aware(moment)
    try:
        yield _frozen
    finally:
        with _lock:
            _frozen = before


def is_set() -> bool:
    """True while the clock is not the machine's (for a warning in the demo's banner)."""
    return _frozen is not None or _offset != timedelta(0)


def moment_from_text(text: str) -> datetime:
    """A command's `--now`: local time written YYYY-MM-DDTHH:MM (ValueError otherwise)."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%dT%H:%M"))
