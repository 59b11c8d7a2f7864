"""Record policies: one object per QA record type answers every permission question.

"Which of these may this user see?" is `policy.visible_to(user)`, a queryset;
"may this user do X to that one?" is `policy.may(user, "x", obj)` (or
`check`, which refuses with a reason). Views, the API, services, selectors,
the URL walk and the API walk all ask the same object, so a rule is written
once. Wagtail's permission policies are the model.

Reach comes from two places: the roles' scope (`scope`, written by each app
for its own record type) and object-level grants (`ObjectGrant`), which give
one person one record and nothing else. Reading a child's record through
`read` leaves a trail event wherever it is read, page or API alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from . import trail
from .grants import granted_ids
from .models import AuditEvent

M = TypeVar("M", bound=models.Model)

NOWHERE = Q(pk__in=[])
EVERYWHERE = Q(pk__isnull=False)  # not Q(): an empty Q vanishes when OR-ed with another


class RecordPolicy(Generic[M]):
    """Subclass once per record type; register the instance with `register`."""

    model: ClassVar[type[models.Model]]
    noun: ClassVar[str] = "record"
    # Does a record of this type carry a child's reference? Then each read is trailed.
    child_level: ClassVar[bool] = True
    # May one person be granted one record of this type (ObjectGrant)?
    grantable: ClassVar[bool] = False
    # Actions this type knows; each has a `may_<action>(user, obj)` method.
    actions: ClassVar[tuple[str, ...]] = ()

    # What the roles reach -------------------------------------------------------------

    def scope(self, user: Any) -> Q:
        """The records the user's roles reach, as a filter on the model."""
        raise NotImplementedError

    def base_queryset(self) -> QuerySet[M]:
        return self.model._default_manager.all()  # type: ignore[return-value]

    def visible_to(self, user: Any) -> QuerySet[M]:
        """Every record this user may see: their roles' scope, and what was granted them."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.base_queryset().none()
        reach = self.scope(user)
        if self.grantable:
            ids = granted_ids(user, self.model)
            if ids:
                reach |= Q(pk__in=ids)
        return self.base_queryset().filter(reach)

    def can_see(self, user: Any, obj: M) -> bool:
        return self.visible_to(user).filter(pk=obj.pk).exists()

    # What a user may do to one record -----------------------------------------------

    def may(self, user: Any, action: str, obj: M) -> bool:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__} knows no action {action!r}")
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        rule = getattr(self, f"may_{action}")
        return bool(rule(user, obj))

    def refusal(self, action: str) -> str:
        """The sentence a refused user reads; override for a kinder one per action."""
        return f"You cannot {action.replace('_', ' ')} this {self.noun}."

    def check(self, user: Any, action: str, obj: M) -> None:
        if not self.may(user, action, obj):
            raise PermissionDenied(self.refusal(action))

    # Reading, with the trail -----------------------------------------------------------

    def child_ref(self, obj: M) -> str:
        """The child's reference a record carries (for the trail); '' when none."""
        return ""

    def read(self, user: Any, pk: Any, *, queryset: QuerySet[M] | None = None) -> M:
        """One record the user may see, its reading trailed; 404 when not visible.

        404 and not 403: whether a child's record exists is itself not to leak.
        """
        rows = (queryset if queryset is not None else self.base_queryset()).filter(
            pk__in=self.visible_to(user).values("pk")
        )
        try:
            obj = rows.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as missing:
            raise Http404(f"No {self.noun} {pk} that you can see.") from missing
        if self.child_level:
            self.record_reads(user, [obj])
        return obj

    def record_reads(self, user: Any, objs: Iterable[M], *, what: str = "") -> None:
        """One trail event for a page or API answer that showed these records."""
        shown = list(objs)
        if not shown or not self.child_level:
            return
        refs = sorted({ref for ref in (self.child_ref(o) for o in shown) if ref})
        if len(shown) == 1:
            trail.record(
                actor=user,
                action=AuditEvent.Action.VIEW,
                obj=shown[0],
                child_ref=refs[0] if refs else "",
                summary=what or f"Viewed {self.noun} {shown[0].pk}",
            )
            return
        trail.record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            object_type=self.model._meta.label_lower,
            summary=what or f"Listed {len(shown)} {self.noun}s",
            changes={"ids": [o.pk for o in shown][:200], "child_refs": refs[:200]},
        )


_POLICIES: dict[str, RecordPolicy[Any]] = {}


def register(policy: RecordPolicy[M]) -> RecordPolicy[M]:
    _POLICIES[policy.model._meta.label_lower] = policy
    return policy


def policy_for(model: type[models.Model] | models.Model | str) -> RecordPolicy[Any]:
    label = model if isinstance(model, str) else model._meta.label_lower
    return _POLICIES[label]


def policies() -> dict[str, RecordPolicy[Any]]:
    """Every registered policy by model label (the URL and API walks read these)."""
    return dict(_POLICIES)
