"""Choices the authority makes in its own pages, read by core through one seam.

Core knows no domain app, yet the sign-in page and outgoing email must follow
the authority's settings page. The authority app registers a reader here when
it starts; until it does (a bare core, a test of core alone), the deployment's
environment answers, as it always did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

LOCAL = "local"
ENTRA = "entra"


@dataclass(frozen=True)
class MailIdentity:
    """Who an email from Assure says it is from, and where replies go."""

    sender: str
    reply_to: list[str] = field(default_factory=list)


OIDC_BACKEND = "assure.core.oidc.AssureOIDCBackend"


def entra_configured() -> bool:
    """Entra ID needs its client id, tenant and secret in the environment, never in a page.

    The settings add its sign-in backend exactly when they are there, so the backend
    is what says whether an Entra ID sign-in could work at all.
    """
    return OIDC_BACKEND in getattr(settings, "AUTHENTICATION_BACKENDS", ())


def _environment_sign_in() -> frozenset[str]:
    return frozenset({LOCAL, ENTRA}) if entra_configured() else frozenset({LOCAL})


def _environment_mail() -> MailIdentity:
    reply = str(getattr(settings, "ASSURE_REPLY_TO_EMAIL", "") or "")
    return MailIdentity(sender=str(settings.DEFAULT_FROM_EMAIL), reply_to=[reply] if reply else [])


_sign_in_reader: Callable[[], frozenset[str]] = _environment_sign_in
_mail_reader: Callable[[], MailIdentity] = _environment_mail


def register(*, sign_in: Callable[[], frozenset[str]], mail: Callable[[], MailIdentity]) -> None:
    global _sign_in_reader, _mail_reader
    _sign_in_reader, _mail_reader = sign_in, mail


def sign_in_methods() -> frozenset[str]:
    """The ways people may sign in; Entra ID only ever when it is configured."""
    methods = set(_sign_in_reader())
    if not entra_configured():
        methods.discard(ENTRA)
    return frozenset(methods or {LOCAL})


def mail_identity() -> MailIdentity:
    return _mail_reader()


def environment_sign_in() -> frozenset[str]:
    return _environment_sign_in()


def environment_mail() -> MailIdentity:
    return _environment_mail()
