"""Who am I, and my notifications."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from assure.core.policy import access_for
from assure.core.selectors import notifications_for

from .errors import errors
from .urls import api


class RoleOut(Schema):
    key: str
    label: str
    scope: str


class MeOut(Schema):
    username: str
    name: str
    email: str
    team: str | None
    roles: list[RoleOut]
    scope: str
    permissions: list[str]


@api.get("/me", response={200: MeOut, **errors(401)}, tags=["people"])
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    access = access_for(user)
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "email": user.email,
        "team": user.team.name if user.team_id else None,
        "roles": [{"key": r.key, "label": r.label, "scope": r.scope.value} for r in access.roles],
        "scope": access.scope_label,
        "permissions": sorted(p.value for p in access.perms),
    }


class ObjectRef(Schema):
    type: str
    id: str


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    created: str
    read: bool
    link: str
    object: ObjectRef | None


@api.get(
    "/notifications",
    response={200: list[NotificationOut], **errors(400, 401)},
    tags=["notifications"],
)
def notifications(request: HttpRequest, limit: int = 100) -> list[dict[str, Any]]:
    rows = notifications_for(request.user)[: max(1, min(limit, 500))]
    return [
        {
            "id": n.pk,
            "kind": n.kind,
            "text": n.text,
            "created": n.created.isoformat(),
            "read": n.read,
            "link": n.link,
            "object": {"type": n.object_type, "id": n.object_id} if n.object_type else None,
        }
        for n in rows
    ]
