"""What the authority is called and which DfE code it has, wherever that was set.

The authority's settings row wins; before `assure setup` has run, the
deployment's environment speaks for it (the demo runs so). Read once per
request at most: the row is cached and the cache is dropped when it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache

from assure.core import site

from .models import AuthoritySettings

_KEY = "authority-settings:v1"
_NONE = "none"


def current() -> AuthoritySettings | None:
    cached = cache.get(_KEY)
    if cached == _NONE:
        return None
    if isinstance(cached, AuthoritySettings):
        return cached
    row = AuthoritySettings.objects.order_by("pk").first()
    cache.set(_KEY, row if row is not None else _NONE, 300)
    return row


def forget() -> None:
    cache.delete(_KEY)


def authority_name() -> str:
    row = current()
    return row.name if row else str(settings.ASSURE_AUTHORITY_NAME)


def la_code() -> str | None:
    row = current()
    return row.la_code if row else (settings.ASSURE_LA_CODE or None)


def protective_marking() -> str:
    row = current()
    default = getattr(settings, "ASSURE_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
    return row.protective_marking if row else str(default)


def is_demonstration() -> bool:
    """The demonstration banner shows only in demo mode before an authority is set up."""
    return bool(settings.ASSURE_DEMO) and current() is None


def alert_response_working_days() -> int | None:
    """The page's deadline for answering a practice alert; None leaves the environment's."""
    row = current()
    return row.alert_response_working_days if row else None


def parse_closure_days(text: str) -> list[date]:
    """ISO dates, one a line (blank lines ignored); ValueError names the line that is not one."""
    days: set[date] = set()
    for line in text.replace(",", "\n").splitlines():
        if line.strip():
            days.add(date.fromisoformat(line.strip()))
    return sorted(days)


def closure_days() -> frozenset[date]:
    """The council's own closure days, which are not working days for Assure's deadlines."""
    row = current()
    if row is None or not row.closure_days.strip():
        return frozenset()
    return frozenset(parse_closure_days(row.closure_days))


@dataclass(frozen=True)
class FirstCycle:
    year: int
    number: int
    starts_on: date | None


def first_cycle() -> FirstCycle | None:
    """Where the QA calendar starts, when the page says so."""
    row = current()
    if row is None or not row.first_cycle_year or not row.first_cycle_number:
        return None
    return FirstCycle(row.first_cycle_year, row.first_cycle_number, row.first_cycle_starts_on)


def sign_in_methods() -> frozenset[str]:
    row = current()
    if row is None or not row.sign_in_methods:
        return site.environment_sign_in()
    if row.sign_in_methods == "both":
        return frozenset({site.LOCAL, site.ENTRA})
    return frozenset({row.sign_in_methods})


def mail_identity() -> site.MailIdentity:
    fallback = site.environment_mail()
    row = current()
    if row is None:
        return fallback
    return site.MailIdentity(
        sender=row.sender_email or fallback.sender,
        reply_to=[row.reply_to_email] if row.reply_to_email else fallback.reply_to,
    )
