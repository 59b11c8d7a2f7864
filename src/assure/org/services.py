"""Every change to the authority's records: checked, written and recorded in one go."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .models import Area, Case, Child, District, Service, Team, User
from .role_grants import role_assign, role_request_decide, role_unassign
from .validators import validate_username

__all__ = [
    "case_create",
    "case_record_view",
    "case_update",
    "person_create",
    "person_update",
    "role_assign",
    "role_request_decide",
    "role_unassign",
    "structure_create",
    "structure_update",
]

STRUCTURE_MODELS: tuple[type[models.Model], ...] = (Area, District, Service, Team)


def _label(instance: models.Model) -> str:
    return f"{instance._meta.verbose_name} {instance}"


@transaction.atomic
def structure_create(*, actor: Any, model: type[models.Model], values: dict[str, Any]) -> Any:
    """Create an area, district, service or team."""
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    if model not in STRUCTURE_MODELS:
        raise ValueError(f"{model.__name__} is not part of the structure")
    instance = model(**values)
    instance.full_clean()
    instance.save()
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Created {_label(instance)}",
        obj=instance,
        changes={k: trail.plain_value(v) for k, v in values.items()},
    )
    return instance


@transaction.atomic
def structure_update(*, actor: Any, instance: models.Model, values: dict[str, Any]) -> Any:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    changes = trail.field_changes(instance, values)
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    if changes:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Changed {_label(instance)}",
            obj=instance,
            changes=changes,
        )
    return instance


@transaction.atomic
def person_create(*, actor: Any, values: dict[str, Any], password: str | None = None) -> User:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    validate_username(values.get("username", ""))
    person = User(**values)
    if password:
        person.set_password(password)
    else:
        # Staff sign in through the council's identity provider or a reset link.
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Added person {person.username}",
        obj=person,
        changes={k: trail.plain_value(v) for k, v in values.items()},
    )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: User, values: dict[str, Any]) -> User:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    if "username" in values:
        validate_username(values["username"])
    changes = trail.field_changes(person, values)
    for name, value in values.items():
        setattr(person, name, value)
    person.full_clean(exclude=["password"])
    person.save()
    if changes:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Changed person {person.username}",
            obj=person,
            changes=changes,
        )
    return person


@transaction.atomic
def case_create(*, actor: Any, reference: str, age_band: str, case_values: dict[str, Any]) -> Case:
    """Add a case, creating the child's minimal record when the reference is new."""
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    child, _ = Child.objects.get_or_create(reference=reference, defaults={"age_band": age_band})
    case = Case(child=child, **case_values)
    case.full_clean()
    case.save()
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Added a {case.get_case_type_display()} case",
        obj=case,
        child_ref=child.reference,
        changes={k: trail.plain_value(v) for k, v in case_values.items()},
    )
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, values: dict[str, Any]) -> Case:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    changes = trail.field_changes(case, values)
    for name, value in values.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    if changes:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Changed a {case.get_case_type_display()} case",
            obj=case,
            child_ref=case.child.reference,
            changes=changes,
        )
    return case


def case_record_view(*, actor: Any, case: Case) -> None:
    """Opening a child's QA record is itself recorded (who looked, when, from where)."""
    trail.record(
        actor=actor,
        action=AuditEvent.Action.VIEW,
        summary=f"Viewed the QA record of a {case.get_case_type_display()} case",
        obj=case,
        child_ref=case.child.reference,
    )
