"""Every change to the authority's records: checked, written and recorded in one go."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from assure.core import trail
from assure.core.models import AuditEvent
from assure.core.policy import forget_access, require_perm
from assure.core.roles import ROLES, Perm

from .models import Area, Case, Child, District, RoleAssignment, Service, Team, User

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
def role_assign(
    *,
    actor: Any,
    person: User,
    role: str,
    team: Team | None = None,
    service: Service | None = None,
    district: District | None = None,
    area: Area | None = None,
) -> RoleAssignment:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}")
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=person, role=role, team=team, service=service, district=district, area=area
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Gave {person.username} the role {assignment}",
        obj=assignment,
    )
    forget_access(person)
    return assignment


@transaction.atomic
def role_unassign(*, actor: Any, assignment: RoleAssignment) -> None:
    require_perm(actor, Perm.MANAGE_STRUCTURE)
    person = assignment.user
    description = str(assignment)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        summary=f"Removed the role {description} from {person.username}",
        obj=assignment,
    )
    assignment.delete()
    forget_access(person)


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
