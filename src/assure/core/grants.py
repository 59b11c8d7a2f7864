"""Object-level grants: one person, one record (see `ObjectGrant`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from . import trail
from .models import AuditEvent, ObjectGrant


def label_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def granted_ids(user: Any, model: type[models.Model]) -> list[str]:
    """The ids (as strings) of `model` records granted to `user`."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        ObjectGrant.objects.filter(user=user, object_type=label_of(model)).values_list(
            "object_id", flat=True
        )
    )


def grant_of(user: Any, obj: models.Model) -> ObjectGrant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ObjectGrant.objects.filter(
        user=user, object_type=label_of(obj), object_id=str(obj.pk)
    ).first()


@transaction.atomic
def grant_give(
    *, actor: Any, user: Any, obj: models.Model, role: str = ObjectGrant.Role.MEMBER
) -> ObjectGrant:
    """Give `user` access to `obj`. The caller's policy has already said `actor` may share it."""
    if getattr(actor, "pk", None) == getattr(user, "pk", object()):
        raise PermissionDenied("Nobody can grant access to themselves.")
    if role not in ObjectGrant.Role.values:
        raise ValueError(f"Unknown grant role {role!r}")
    grant, created = ObjectGrant.objects.update_or_create(
        user=user,
        object_type=label_of(obj),
        object_id=str(obj.pk),
        defaults={"role": role, "granted_by": actor},
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        obj=obj,
        summary=f"Gave {user.get_username()} access to {obj} as {grant.get_role_display()}",
        changes={"grant": [None, {"user": user.get_username(), "role": role}]},
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: Any, user: Any, obj: models.Model) -> bool:
    deleted, _ = ObjectGrant.objects.filter(
        user=user, object_type=label_of(obj), object_id=str(obj.pk)
    ).delete()
    if deleted:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=obj,
            summary=f"Ended {user.get_username()}'s access to {obj}",
        )
    return bool(deleted)
