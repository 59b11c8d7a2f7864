"""Giving and removing roles: who gave whom which role, who asked and who approved.

A role without child access is assigned at once. A role that reads children's
records becomes a pending RoleRequest, which a second person (a QA manager,
the principal social worker or a director) approves or refuses; only an
approval creates the RoleAssignment. Nobody gives a role to themselves (the
policies in `policy.py` say so once; the pages and the staff import ask them).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.urls import reverse

from assure.core import clock, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import forget_access
from assure.core.roles import ROLES

from .models import Area, District, RoleAssignment, RoleRequest, Service, Team, User
from .policy import (
    APPROVER_ROLES,
    PEOPLE,
    ROLE_ASSIGNMENTS,
    ROLE_REQUESTS,
    reads_children,
)

NOTIFICATION_KIND = "role_request"


def _anchor_label(anchors: dict[str, Any]) -> str:
    found = [str(v) for v in anchors.values() if v is not None]
    return ", ".join(found) or "directorate"


def assignment_create(
    *, actor: Any, person: User, role: str, anchors: dict[str, Any], extra: dict[str, Any]
) -> RoleAssignment:
    """Create the assignment and trail who gave whom which role (and who asked, approved)."""
    assignment, created = RoleAssignment.objects.get_or_create(user=person, role=role, **anchors)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Gave {person.username} the role {assignment}",
        obj=assignment,
        changes={
            "person": person.username,
            "role": role,
            "anchor": _anchor_label(anchors),
            "given_by": actor.get_username(),
            "already_held": not created,
            **extra,
        },
    )
    forget_access(person)
    return assignment


def approvers_notify(*, actor: Any, requests: list[RoleRequest]) -> None:
    """Tell those who may decide these requests, once, after the requests are committed.

    Never a party to them: not the person asking, nor anyone the requests are about.
    """
    if not requests:
        return
    parties = {actor.pk, *(r.person_id for r in requests)}
    approvers = list(
        User.objects.filter(is_active=True, role_assignments__role__in=sorted(APPROVER_ROLES))
        .exclude(pk__in=parties)
        .distinct()
    )
    if not approvers:
        return
    who = str(requests[0].person) if len(requests) == 1 else f"{len(requests)} people"
    transaction.on_commit(
        partial(
            notification_send,
            recipients=approvers,
            kind=NOTIFICATION_KIND,
            text=(
                f"{actor} asked for {who} to be given a role that reads children's records. "
                "It needs your approval."
            ),
            link=reverse("org:role-requests"),
            obj=requests[0] if len(requests) == 1 else None,
            object_type="rolerequest",
        )
    )


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
) -> RoleAssignment | RoleRequest:
    """Give `person` a role: at once, or as a request when the role reads children's records."""
    PEOPLE.check(actor, "change_roles", person)
    if role not in ROLES:
        raise InvalidInput({"role": f"Unknown role {role!r}"})
    anchors = {"team": team, "service": service, "district": district, "area": area}
    if not reads_children(role):
        return assignment_create(actor=actor, person=person, role=role, anchors=anchors, extra={})
    return role_request_create(actor=actor, person=person, role=role, anchors=anchors)


def role_request_create(
    *, actor: Any, person: User, role: str, anchors: dict[str, Any], notify: bool = True
) -> RoleRequest:
    """Ask for a role with child access; approvers are told once the request is saved.

    An importer asking for many passes `notify=False` and calls `approvers_notify` once.
    """
    PEOPLE.check(actor, "change_roles", person)
    pending = RoleRequest.objects.filter(
        person=person, role=role, status=RoleRequest.Status.PENDING, **anchors
    ).first()
    if pending is not None:
        return pending
    request = RoleRequest.objects.create(person=person, role=role, requested_by=actor, **anchors)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        summary=f"Asked for {person.username} to hold the role {ROLES[role].label}",
        obj=request,
        changes={
            "person": person.username,
            "role": role,
            "anchor": _anchor_label(anchors),
            "asked_by": actor.get_username(),
        },
    )
    if notify:
        approvers_notify(actor=actor, requests=[request])
    return request


def role_request_decide(
    *, actor: Any, request_id: int, approve: bool, note: str = "", version: int | None = None
) -> RoleRequest:
    """Approve (the role is given, trailed with who asked and who approved) or refuse."""
    rows = RoleRequest.objects.select_related(
        "person", "requested_by", "team", "service", "district", "area"
    )
    with writes.change(
        rows, request_id, actor=actor, version=version, policy=ROLE_REQUESTS, action="decide"
    ) as c:
        request = c.obj
        note = (note or "").strip()
        if not approve and not note:
            raise InvalidInput({"note": "Say why the request is refused"})
        values: dict[str, Any] = {
            "status": RoleRequest.Status.APPROVED if approve else RoleRequest.Status.REFUSED,
            "decided_by": actor,
            "decided_at": clock.now(),
            "note": note,
        }
        if approve:
            values["assignment"] = assignment_create(
                actor=actor,
                person=request.person,
                role=request.role,
                anchors=request.anchors,
                extra={
                    "asked_by": request.requested_by.username,
                    "approved_by": actor.get_username(),
                },
            )
        c.set(**values)
        verdict = "Approved" if approve else "Refused"
        c.commit(
            summary=f"{verdict} the role {request.get_role_display()} for "
            f"{request.person.username}, asked by {request.requested_by.username}",
        )
        c.after_commit(
            partial(
                notification_send,
                recipients=[request.requested_by],
                kind=NOTIFICATION_KIND,
                text=f"{actor} {verdict.lower()} the role you asked for {request.person}.",
                link=reverse("org:admin-person-roles", args=[request.person_id]),
                obj=request,
            )
        )
    return request


@transaction.atomic
def role_unassign(*, actor: Any, assignment: RoleAssignment) -> None:
    ROLE_ASSIGNMENTS.check(actor, "remove", assignment)
    person = assignment.user
    description = str(assignment)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        summary=f"Removed the role {description} from {person.username}",
        obj=assignment,
        changes={"person": person.username, "role": assignment.role},
    )
    assignment.delete()
    forget_access(person)
