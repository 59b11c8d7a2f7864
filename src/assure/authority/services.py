"""Setting up an authority: its settings, its first administrator, invitations.

Each function checks, writes and records the trail in one transaction, like
every service in Assure. Emails with a one-time link are sent only after the
transaction commits, so nobody receives a link to an account that was rolled
back.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assure.core import clock, site, trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import send_email
from assure.core.policy import forget_access, require_perm
from assure.core.roles import Perm
from assure.org.models import RoleAssignment, User

from . import settings_reader
from .models import LA_CODE, AuthoritySettings, Invitation

SETUP_ACTOR = "assure setup"
# Roles that may approve a request for child-level access (org.policy). On a fresh
# install nobody holds one, so nobody could ever approve the first: `assure setup`
# may name the first approver, given at once by whoever runs setup on the server.
FIRST_APPROVER_ROLES = ("director", "qa_manager", "principal_social_worker")
USERNAME_CHARS = "letters, digits and . - _ @"


class AlreadySetUp(Exception):
    """`assure setup` ran before; a second run needs `again=True`."""


@dataclass
class SetupResult:
    authority: AuthoritySettings
    admin: User
    invitation_link: str | None  # None when the password was given
    approver: User | None = None
    approver_link: str | None = None


def _base_url() -> str:
    return str(getattr(settings, "ASSURE_BASE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def sign_in_url() -> str:
    return f"{_base_url()}/sign-in/"


def _check_settings(*, name: str, la_code: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["authority"] = "Give the authority's name, e.g. 'Kent County Council'."
    try:
        LA_CODE(la_code)
    except ValidationError as error:
        errors["la_code"] = " ".join(error.messages)
    return errors


def _check_username(username: str) -> str | None:
    if not username or not all(c.isalnum() or c in ".-_@" for c in username):
        return f"A username uses only {USERNAME_CHARS}."
    if len(username) > 150:
        return "A username is at most 150 characters."
    return None


@transaction.atomic
def authority_setup(
    *,
    name: str,
    la_code: str,
    admin_username: str,
    email: str,
    password: str | None = None,
    again: bool = False,
    approver: tuple[str, str, str] | None = None,
) -> SetupResult:
    """The first run: the authority's settings, its first administrator and, when
    `approver` (username, email, role) is given, the first person who may approve
    access to children's records."""
    existing = AuthoritySettings.objects.select_for_update().order_by("pk").first()
    if existing is not None and not again:
        raise AlreadySetUp(
            f"Assure is already set up for {existing.name} (on {existing.set_up_at:%d %B %Y}). "
            "Run again with --again to change the authority and add another administrator."
        )
    errors = _check_settings(name=name, la_code=la_code)
    problem = _check_username(admin_username)
    if problem:
        errors["admin"] = problem
    if "@" not in email:
        errors["email"] = "Give the administrator's work email address."
    if User.objects.filter(username=admin_username).exclude(email__iexact=email).exists():
        errors["admin"] = "That username belongs to someone with another email address."
    if password is not None:
        try:
            validate_password(password)
        except ValidationError as error:
            errors["password"] = " ".join(error.messages)
    if approver is not None:
        a_name, a_email, a_role = approver
        if a_role not in FIRST_APPROVER_ROLES:
            errors["approver_role"] = f"One of: {', '.join(FIRST_APPROVER_ROLES)}."
        if _check_username(a_name) or a_name == admin_username:
            errors["approver"] = "Another person than the administrator, with a valid username."
        if "@" not in a_email:
            errors["approver_email"] = "Give the approver's work email address."
    if errors:
        raise InvalidInput(errors)
    if existing is None:
        authority = AuthoritySettings.objects.create(
            name=name.strip(), la_code=la_code, set_up_by=SETUP_ACTOR
        )
    else:
        existing.name, existing.la_code = name.strip(), la_code
        existing.version += 1
        existing.save(update_fields=["name", "la_code", "version"])
        authority = existing
    admin, created = User.objects.get_or_create(
        username=admin_username, defaults={"email": email, "is_demo": False}
    )
    if password is not None:
        admin.set_password(password)
    elif created:
        admin.set_unusable_password()
    admin.is_active = True
    admin.save()
    RoleAssignment.objects.get_or_create(user=admin, role="administrator")
    forget_access(admin)
    trail.record(
        actor=None,
        username=SETUP_ACTOR,
        action=AuditEvent.Action.CREATE if existing is None else AuditEvent.Action.UPDATE,
        obj=authority,
        summary=f"Set up Assure for {authority.name} (DfE code {authority.la_code})",
        changes={"name": [None, authority.name], "la_code": [None, authority.la_code]},
    )
    trail.record(
        actor=None,
        username=SETUP_ACTOR,
        action=AuditEvent.Action.CREATE,
        obj=admin,
        summary=f"Gave {admin.username} the role System administrator (first administrator)",
    )
    link = None if password is not None else _new_invitation(admin, by=SETUP_ACTOR)
    result = SetupResult(authority=authority, admin=admin, invitation_link=link)
    if approver is not None:
        result.approver, result.approver_link = _first_approver(*approver)
    transaction.on_commit(settings_reader.forget)
    return result


def _first_approver(username: str, email: str, role: str) -> tuple[User, str]:
    person, created = User.objects.get_or_create(
        username=username, defaults={"email": email, "is_demo": False}
    )
    if created:
        person.set_unusable_password()
        person.save()
    RoleAssignment.objects.get_or_create(user=person, role=role)
    trail.record(
        actor=None,
        username=SETUP_ACTOR,
        action=AuditEvent.Action.CREATE,
        obj=person,
        summary=f"Gave {username} the role {role} at setup: the first approver of access "
        "to children's records",
        changes={"person": username, "role": role, "given_by": SETUP_ACTOR},
    )
    return person, _new_invitation(person, by=SETUP_ACTOR)


RULE_FIELDS = (
    "alert_response_working_days",
    "closure_days",
    "first_cycle_year",
    "first_cycle_number",
    "sign_in_methods",
)


def _check_rules(values: dict[str, Any]) -> dict[str, str]:
    """The working-day rules, the first cycle and sign-in, whichever caller sets them."""
    errors: dict[str, str] = {}
    days = values.get("alert_response_working_days")
    if days is not None and not 1 <= int(days) <= 60:
        errors["alert_response_working_days"] = "Give between 1 and 60 working days."
    try:
        settings_reader.parse_closure_days(values.get("closure_days") or "")
    except ValueError:
        errors["closure_days"] = "Give each closure day as a date, for example 2026-12-29."
    year, number = values.get("first_cycle_year"), values.get("first_cycle_number")
    if year is not None and not 2000 <= int(year) <= 2100:
        errors["first_cycle_year"] = "Give a year between 2000 and 2100, for example 2026."
    if number is not None and number not in (1, 2, 3):
        errors["first_cycle_number"] = "Choose T1, T2 or T3."
    if (year is None) != (number is None) and "first_cycle_year" not in errors:
        field = "first_cycle_number" if number is None else "first_cycle_year"
        errors[field] = "Give both the year and the cycle of the first audit cycle, or neither."
    method = values.get("sign_in_methods") or ""
    if method in ("entra", "both") and not site.entra_configured():
        errors["sign_in_methods"] = (
            "Microsoft Entra ID is not configured for this deployment, so staff could not "
            "sign in with it. Ask whoever runs the server to set OIDC_RP_CLIENT_ID, "
            "OIDC_RP_CLIENT_SECRET and ASSURE_OIDC_TENANT_ID first."
        )
    return errors


@transaction.atomic
def authority_update(*, actor: Any, version: int, values: dict[str, Any]) -> AuthoritySettings:
    """The administrator's settings page."""
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    row = AuthoritySettings.objects.select_for_update().order_by("pk").first()
    if row is None:
        raise InvalidInput({"authority": "Run `assure setup` first."})
    if row.version != version:
        from assure.core.errors import ConflictError

        raise ConflictError("The settings changed since you opened them. Reload and try again.")
    errors = _check_settings(
        name=values.get("name", row.name), la_code=values.get("la_code", row.la_code)
    )
    errors.update(_check_rules({**{f: getattr(row, f) for f in RULE_FIELDS}, **values}))
    if errors:
        raise InvalidInput(errors)
    changes = trail.field_changes(row, values)
    for field, value in values.items():
        setattr(row, field, value)
    row.version += 1
    row.save()
    trail.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=row,
        summary="Changed the authority's settings",
        changes=changes,
    )
    transaction.on_commit(settings_reader.forget)
    return row


# Invitations -------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(token: str) -> str:
    return f"{_base_url()}/account/set-password/{token}/"


def _new_invitation(user: User, *, by: str) -> str:
    """A fresh one-time link; any earlier unused link for the person stops working."""
    now = clock.now()
    Invitation.objects.filter(user=user, used_at__isnull=True).update(expires=now)
    token = secrets.token_urlsafe(32)
    days = int(getattr(settings, "ASSURE_INVITATION_DAYS", 7))
    Invitation.objects.create(
        user=user, token_hash=_digest(token), created_by=by, expires=now + timedelta(days=days)
    )
    return invitation_link(token)


@transaction.atomic
def invitation_send(*, actor: Any, person: User) -> str:
    """Email `person` a one-time link to set their password; returns the link.

    An administrator (or `assure invite`, actor None) sends it; nobody ever sees
    or sets another person's password.
    """
    if actor is not None:
        require_perm(actor, Perm.MANAGE_STRUCTURE)
        if actor.pk == person.pk:
            raise PermissionDenied("Use 'change password' for your own account.")
    if not person.is_active or person.is_demo:
        raise InvalidInput({"username": f"{person.username} is not an active member of staff."})
    if not person.email:
        raise InvalidInput({"email": f"{person.username} has no email address to send it to."})
    by = actor.get_username() if actor is not None else "assure invite"
    link = _new_invitation(person, by=by)
    trail.record(
        actor=actor,
        username=by,
        action=AuditEvent.Action.CREATE,
        obj=person,
        summary=f"Sent {person.username} a link to set their password",
    )
    name = settings_reader.authority_name()
    days = int(getattr(settings, "ASSURE_INVITATION_DAYS", 7))
    body = (
        f"Hello {person.first_name or person.username},\n\n"
        f"{name} uses Assure for the quality assurance of its children's services. "
        f"Your username is {person.username}.\n\n"
        f"Set your password here (the link works once, for {days} days):\n{link}\n\n"
        f"Then sign in at {sign_in_url()}\n\n"
        "If you did not expect this, tell your Assure administrator; do not forward it."
    )
    recipient = person.email
    transaction.on_commit(
        lambda: send_email(subject=f"Your Assure account at {name}", body=body, to=recipient)
    )
    return link


def invitation_valid(token: str) -> Invitation | None:
    row = (
        Invitation.objects.select_related("user")
        .filter(token_hash=_digest(token), used_at__isnull=True, expires__gt=clock.now())
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the password through a one-time link; the link then stops working."""
    row = (
        Invitation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=_digest(token))
        .first()
    )
    if row is None or row.used_at is not None or row.expires <= clock.now():
        raise InvalidInput(
            {"token": "This link has expired or was used already. Ask for a new one."}
        )
    try:
        validate_password(password, row.user)
    except ValidationError as error:
        raise InvalidInput({"password": " ".join(error.messages)}) from error
    row.used_at = clock.now()
    row.save(update_fields=["used_at"])
    row.user.set_password(password)
    row.user.save(update_fields=["password"])
    trail.record(
        actor=None,
        username=row.user.username,
        action=AuditEvent.Action.UPDATE,
        obj=row.user,
        summary=f"{row.user.username} set their password through a one-time link",
    )
    return row.user
