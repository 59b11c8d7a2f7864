"""The one write path: lock, check the version, change, history, trail, then notify.

Every service that changes a QA record goes through `change`:

    with writes.change(Audit.objects.select_related("case__child"), audit_id,
                       actor=actor, version=version,
                       policy=AUDITS, action="moderate") as c:
        c.set(status=..., moderated_grade=...)
        c.commit(summary="Audit 12: moderated", child_ref=c.obj.case.child.reference)
        c.after_commit(lambda: notification_send(...))

In one transaction: the row is locked (two people saving at once queue, and
the second is told the record moved on), the policy is asked, a stale
version is refused with 409 and nothing saved, only the fields that really
changed are written with the version bumped, the trail gets the
field-level changes (who, which field, from, to), and notifications go out
only once the transaction has committed, so nobody is told of a change that
was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404

from . import trail
from .errors import ConflictError
from .models import AuditEvent
from .records import RecordPolicy

M = TypeVar("M", bound=models.Model)


def locked(rows: QuerySet[M] | type[M], pk: Any) -> M:
    """The row, locked until the transaction ends; 404 when it does not exist."""
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    try:
        return queryset.select_for_update(of=("self",)).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as missing:
        raise Http404(f"No {queryset.model._meta.verbose_name} {pk}.") from missing


def check_version(obj: models.Model, version: int | None) -> None:
    """Refuse a change made from a stale copy (409): nothing is saved, nothing lost."""
    current = getattr(obj, "version", None)
    if version is None or current is None or version == current:
        return
    noun = obj._meta.verbose_name
    raise ConflictError(
        f"This {noun} changed since you opened it (you had version {version}, it is now "
        f"version {current}). Reload it and try again; nothing was saved."
    )


class Change(Generic[M]):
    """One record being changed inside `change`."""

    def __init__(self, obj: M, actor: Any) -> None:
        self.obj = obj
        self.actor = actor
        self.changes: dict[str, list[Any]] = {}
        self._fields: list[str] = []

    def set(self, **values: Any) -> dict[str, list[Any]]:
        """Set fields; returns (and remembers) the {field: [from, to]} of those that changed."""
        changed = trail.field_changes(self.obj, values)
        for name, value in values.items():
            if name in changed or name not in self._fields:
                setattr(self.obj, name, value)
        for name in values:
            if name not in self._fields and name in changed:
                self._fields.append(name)
        self.changes.update(changed)
        return changed

    def touch(self, *fields: str) -> None:
        """Fields set directly on `obj` (JSON merged in place, say) that must be saved too."""
        self._fields.extend(f for f in fields if f not in self._fields)

    def commit(
        self,
        *,
        summary: str,
        action: AuditEvent.Action = AuditEvent.Action.UPDATE,
        child_ref: str = "",
        extra: dict[str, Any] | None = None,
    ) -> M:
        """Save what changed (version bumped) and write the trail event."""
        fields = list(self._fields)
        if hasattr(self.obj, "version"):
            self.obj.version += 1  # type: ignore[attr-defined]
            fields.append("version")
        if fields:
            self.obj.save(update_fields=fields)
        trail.record(
            actor=self.actor,
            action=action,
            obj=self.obj,
            child_ref=child_ref,
            summary=summary,
            changes={**self.changes, **(extra or {})},
        )
        return self.obj

    @staticmethod
    def after_commit(send: Callable[[], Any]) -> None:
        """Run `send` (a notification, an email, a task) once the change is committed."""
        transaction.on_commit(send)


@contextmanager
def change(
    rows: QuerySet[M] | type[M],
    pk: Any,
    *,
    actor: Any,
    version: int | None = None,
    policy: RecordPolicy[M] | None = None,
    action: str = "",
) -> Iterator[Change[M]]:
    """Lock the record, ask the policy, check the version; the block makes the change."""
    with transaction.atomic():
        obj = locked(rows, pk)
        if policy is not None and action:
            policy.check(actor, action, obj)
        check_version(obj, version)
        yield Change(obj, actor)


def record_import_changes(
    *, actor: Any, obj: models.Model, values: dict[str, Any], summary: str, child_ref: str = ""
) -> dict[str, list[Any]]:
    """For importers: set `values` on an existing row and trail each field that changed.

    The caller saves in bulk; the trail still says, per record, who changed which
    field from what to what.
    """
    changed = trail.field_changes(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    if changed:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.IMPORT,
            obj=obj,
            child_ref=child_ref,
            summary=summary,
            changes=changed,
        )
    return changed
