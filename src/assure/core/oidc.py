"""Sign-in with the council's Microsoft Entra ID (OpenID Connect).

Accounts are never created by signing in: an administrator adds staff (in the
pages or by CSV import) and gives them roles; Entra ID only proves who they
are. A person is found by the pair (tenant id, object id), the `tid` and `oid`
claims of the signed ID token, never by an email address an administrator can
edit. The address is used once: a person's first sign-in links their identity
to the active, non-demo account with that address, and only when the token
says the address is verified and comes from the council's own tenant.

Directory groups may bring roles (`ASSURE_OIDC_GROUP_ROLES`), but only roles
that never read a child's record nor give access to others; a group that asks
for any other is written in the trail and a person in Assure must give it
(ADR 0012).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import trail
from .access import public
from .identities import ExternalIdentity
from .models import AuditEvent
from .policy import forget_access
from .roles import ROLES, Perm, Role, Scope

LOGGER = logging.getLogger(__name__)

# Set on the request once this module has written the sign-in (or its refusal)
# to the trail, so that the generic receivers in core.signals do not write it twice.
RECORDED_FLAG = "assure_sign_in_recorded"
# Who the trail names for what the directory did (a group's roles), there being no person.
DIRECTORY_ACTOR = "Entra ID"


def reads_children(role: Role) -> bool:
    """Whether a role reaches any child's record."""
    return role.scope is not Scope.NONE or Perm.VIEW_CASES in role.perms


def group_may_give(role: Role) -> bool:
    """A directory group alone may give a role that reads no child and gives no access.

    Administrators read no child, but they give people roles: one made by a
    group could give themselves the roles a second person must approve.
    """
    return not reads_children(role) and Perm.MANAGE_STRUCTURE not in role.perms


def parse_group_roles(text: str) -> dict[str, tuple[str, ...]]:
    """`"<group id>=<role>,<group id>=<role>"` as {group id: roles}; a group may repeat."""
    mapping: dict[str, tuple[str, ...]] = {}
    for item in text.replace("\n", ",").split(","):
        if not item.strip():
            continue
        group, sep, role = (part.strip() for part in item.partition("="))
        if not sep or not group or role not in ROLES:
            raise ImproperlyConfigured(
                f"ASSURE_OIDC_GROUP_ROLES: {item.strip()!r} is not '<group id>=<role key>' "
                f"with a role from {', '.join(ROLES)}"
            )
        mapping[group.lower()] = (*mapping.get(group.lower(), ()), role)
    return mapping


def email_is_verified(claims: dict[str, Any]) -> bool:
    """`email_verified` (the standard claim) or Entra's `xms_edov` (domain owner verified)."""
    return any(
        str(claims.get(name)).strip().lower() in {"true", "1"}
        for name in ("email_verified", "xms_edov")
    )


def is_directory_sign_in(request: HttpRequest | None, credentials: dict[str, Any] | None) -> bool:
    """For django-axes: an Entra ID callback (a nonce, no username) is not a password guess."""
    credentials = credentials or {}
    return not credentials.get("username") and "nonce" in credentials


def _claim(claims: dict[str, Any], name: str) -> str:
    return str(claims.get(name) or "").strip()


def _who(claims: dict[str, Any]) -> str:
    return (_claim(claims, "preferred_username") or _claim(claims, "email"))[:150]


def sign_in_refuse(*, request: HttpRequest | None, reason: str, claims: dict[str, Any]) -> None:
    """Write a refused Entra ID sign-in to the trail, with why."""
    LOGGER.warning("Entra ID sign-in refused for %r: %s", _who(claims), reason)
    identity = {k: _claim(claims, k).lower() for k in ("tid", "oid") if claims.get(k)}
    trail.record(
        actor=None,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        summary=f"Entra ID sign-in refused: {reason}",
        username=_who(claims),
        changes=identity,
        request=request,
    )
    if request is not None:
        setattr(request, RECORDED_FLAG, True)


@dataclass
class _Outcome:
    linked: bool = False
    roles_added: list[str] = field(default_factory=list)
    roles_not_given: list[dict[str, str]] = field(default_factory=list)


def _link_by_email(*, tid: str, oid: str, claims: dict[str, Any]) -> Any | str:
    """The account this identity's first sign-in links to, or the reason it may not."""
    if not email_is_verified(claims):
        return "the token does not say the email address is verified"
    email = _claim(claims, "email")
    if not email:
        return "the token carries no email address"
    people = list(
        get_user_model().objects.filter(email__iexact=email, is_active=True, is_demo=False)[:2]
    )
    if not people:
        return "no active Assure account has this email address"
    if len(people) > 1:
        return "several Assure accounts have this email address"
    person = people[0]
    if ExternalIdentity.objects.filter(user=person, tid=tid).exists():
        return f"account {person.get_username()} is already linked to another directory identity"
    identity = ExternalIdentity.objects.create(user=person, tid=tid, oid=oid)
    trail.record(
        actor=None,
        username=DIRECTORY_ACTOR,
        action=AuditEvent.Action.CREATE,
        summary=f"Linked the Entra ID identity {oid} to {person.get_username()} by verified email",
        obj=identity,
        changes={"tid": tid, "oid": oid, "email": email},
    )
    return person


def _apply_group_roles(person: Any, claims: dict[str, Any], outcome: _Outcome) -> None:
    """Add the roles the person's groups bring that read no child; note the others."""
    mapping = parse_group_roles(getattr(settings, "ASSURE_OIDC_GROUP_ROLES", ""))
    if not mapping:
        return
    if "groups" not in claims and "groups" in (claims.get("_claim_names") or {}):
        # Entra leaves groups out past 200 and points at Graph; see the README.
        LOGGER.warning("Entra ID sent a group overage for %r: no group roles", _who(claims))
        return
    groups = {str(g).strip().lower() for g in claims.get("groups") or ()}
    held = set(person.role_assignments.values_list("role", flat=True))
    for group in sorted(groups & mapping.keys()):
        for key in mapping[group]:
            if key in held:
                continue
            role = ROLES[key]
            if not group_may_give(role):
                outcome.roles_not_given.append({"group": group, "role": key})
                LOGGER.warning(
                    "Directory group %s asks for the role %s for %s: it reads children's "
                    "records or gives access, so a person in Assure must give it",
                    group,
                    key,
                    person.get_username(),
                )
                continue
            # Roles that read no child have no anchor (their scope is none).
            assignment = person.role_assignments.create(role=key)
            held.add(key)
            outcome.roles_added.append(key)
            trail.record(
                actor=None,
                username=DIRECTORY_ACTOR,
                action=AuditEvent.Action.CREATE,
                summary=(
                    f"Gave {person.get_username()} the role {role.label}: "
                    f"member of directory group {group}"
                ),
                obj=assignment,
            )
    if outcome.roles_added:
        forget_access(person)


@transaction.atomic
def identity_sign_in(*, claims: dict[str, Any], request: HttpRequest | None) -> Any | None:
    """The person a verified ID token names, with their group roles applied; None if refused.

    Every answer is written to the trail: the sign-in, or its refusal and why.
    """
    tenant = str(settings.ASSURE_OIDC_TENANT_ID).strip().lower()
    tid, oid = _claim(claims, "tid").lower(), _claim(claims, "oid").lower()
    if not tid or tid != tenant:
        sign_in_refuse(
            request=request, reason=f"tenant {tid or '(none)'} is not the council's", claims=claims
        )
        return None
    if not oid:
        sign_in_refuse(
            request=request, reason="the token carries no object id (oid)", claims=claims
        )
        return None
    outcome = _Outcome()
    identity = ExternalIdentity.objects.select_related("user").filter(tid=tid, oid=oid).first()
    if identity is not None:
        person = identity.user
    else:
        found = _link_by_email(tid=tid, oid=oid, claims=claims)
        if isinstance(found, str):
            sign_in_refuse(request=request, reason=found, claims=claims)
            return None
        person, outcome.linked = found, True
    if not person.is_active or person.is_demo:
        sign_in_refuse(
            request=request,
            reason=f"account {person.get_username()} is inactive or a demo account",
            claims=claims,
        )
        return None
    _apply_group_roles(person, claims, outcome)
    changes: dict[str, Any] = {"method": "entra_id", "tid": tid, "oid": oid}
    changes.update({k: v for k, v in vars(outcome).items() if v})
    trail.record(
        actor=person,
        action=AuditEvent.Action.SIGN_IN,
        summary="Signed in with Entra ID" + (" (identity linked)" if outcome.linked else ""),
        changes=changes,
        request=request,
    )
    if request is not None:
        setattr(request, RECORDED_FLAG, True)
    return person


class AssureOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with Assure's checks on the token and the person."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A mistyped mapping fails loudly here rather than silently giving nobody a role.
        parse_group_roles(getattr(settings, "ASSURE_OIDC_GROUP_ROLES", ""))

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any | None:
        if request is None or not request.GET.get("code") or not request.GET.get("state"):
            return None  # not an Entra ID callback (a password sign-in, say)
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException) as exc:
            # A bad signature, a replayed nonce, a token for another application, or a
            # provider that would not exchange the code: refused, and in the trail.
            sign_in_refuse(request=request, reason=str(exc)[:200], claims={})
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks signature, expiry and nonce; Assure adds issuer and audience."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token was issued for another application")
        if payload.get("iss") != settings.ASSURE_OIDC_ISSUER:
            raise SuspiciousOperation(
                f"the ID token's issuer {payload.get('iss')!r} is not expected"
            )
        if "exp" not in payload:
            raise SuspiciousOperation("the ID token has no expiry")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        # The signed ID token carries tid, oid and groups; Entra's userinfo endpoint does not.
        return payload

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        return identity_sign_in(claims=payload, request=self.request)

    def get_user(self, user_id: Any) -> Any | None:
        # Asked on every request of a session: an account switched off since is signed out.
        user = super().get_user(user_id)
        if user is None or not user.is_active or user.is_demo:
            return None
        return user


class AssureOIDCAuthenticateView(OIDCAuthenticationRequestView):
    """Sends the browser to Entra ID; open to anyone, as the sign-in page is."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return public(super().as_view(**initkwargs))

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect

        from . import site

        if site.ENTRA not in site.sign_in_methods():
            messages.error(request, "This council does not sign in with Microsoft Entra ID.")
            return redirect("core:sign-in")
        return super().get(request)


class AssureOIDCCallbackView(OIDCAuthenticationCallbackView):
    """The callback, which also writes the provider's own refusals to the trail."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return public(super().as_view(**initkwargs))

    def get(self, request: HttpRequest) -> HttpResponse:
        error = request.GET.get("error")
        if error:
            detail = request.GET.get("error_description", "")[:120]
            sign_in_refuse(
                request=request, reason=f"Entra ID answered {error[:40]}: {detail}", claims={}
            )
        elif "code" in request.GET and request.GET.get("state") not in request.session.get(
            "oidc_states", {}
        ):
            # Not a sign-in this browser started, or one already used: replayed or forged.
            sign_in_refuse(
                request=request,
                reason="the callback's state is not one this browser is waiting for",
                claims={},
            )
            return self.login_failure()
        response: HttpResponse = super().get(request)
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            "Your council account could not sign you in to Assure. If this keeps happening, "
            "ask your Assure administrator.",
            fail_silently=True,
        )
        response: HttpResponse = super().login_failure()
        return response
