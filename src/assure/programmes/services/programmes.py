"""Creating a programme and adding to it: checked, written and trailed in one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from assure.core import clock, grants, trail, writes
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent, ObjectGrant
from assure.core.notifications import notification_send
from assure.org.models import District

from ..models import Finding, LineOfEnquiry, Member, Programme
from ..policy import PROGRAMMES, may_create
from .common import active_user, as_date, choice, evidence_list, text, visible_programme


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    starts_on: date | str,
    ends_on: date | str,
    district: str | None = None,
    lead: str | None = None,
    status: str = Programme.Status.PLANNED,
) -> Programme:
    if not may_create(actor):
        raise PermissionDenied("Only the QA unit and senior leaders can start a programme.")
    kind = choice(kind, "kind", Programme.Kind.choices, "kind of programme")
    title = text(title, "title", "Enter a title", limit=200)
    start = as_date(starts_on, "starts_on")
    end = as_date(ends_on, "ends_on")
    if end < start:
        raise InvalidInput({"ends_on": "The end date must be on or after the start date."})
    status = choice(status, "status", Programme.Status.choices, "status")
    where = None
    if district:
        where = District.objects.filter(name=str(district).strip()).first()
        if where is None:
            raise InvalidInput({"district": f"No district is called {district!r}."})
    leader = active_user(lead, "lead") if lead else actor
    programme = Programme.objects.create(
        kind=kind,
        title=title,
        status=status,
        district=where,
        starts_on=start,
        ends_on=end,
        lead=leader,
        created_by=actor,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=programme,
        summary=f"Started {programme.get_kind_display()} programme {programme.pk}",
        changes={
            "kind": kind,
            "title": title,
            "district": where.name if where else None,
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "lead": leader.username,
        },
    )
    from ..calendar import programme_on_calendar

    programme_on_calendar(actor=actor, programme=programme)
    return programme


@transaction.atomic
def programme_member_add(*, actor: Any, programme_id: int, username: str, role: str) -> Member:
    """Add someone; their grant on the programme is what lets a partner read it."""
    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "manage", programme)
    role = choice(role, "role", Member.Role.choices, "role")
    person = active_user(username, "username")
    if person.pk == actor.pk:
        raise InvalidInput({"username": "Nobody can add themselves; ask a colleague."})
    if Member.objects.filter(programme=programme, user=person).exists():
        raise InvalidInput({"username": f"{person.username} is already a member."})
    member = Member.objects.create(programme=programme, user=person, role=role, added_by=actor)
    grants.grant_give(actor=actor, user=person, obj=programme, role=ObjectGrant.Role(role))
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=programme,
        summary=f"Added {person.username} to programme {programme.pk} as {role}",
        changes={"member": [None, {"username": person.username, "role": role}]},
    )
    notification_send(
        recipients=[person],
        kind="programme_member",
        text=f"{actor.get_full_name() or actor.username} added you to a QA programme as "
        f"{member.get_role_display().lower()}.",
        link=reverse("programmes:detail", args=[programme.pk]),
        obj=programme,
    )
    return member


@transaction.atomic
def programme_line_add(
    *, actor: Any, programme_id: int, text_: str, evidence: Any = None
) -> LineOfEnquiry:
    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "manage", programme)
    body = text(text_, "text", "Enter the line of enquiry", limit=2000)
    items = evidence_list(evidence)
    line = LineOfEnquiry.objects.create(
        programme=programme, text=body, evidence=items, added_by=actor
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=programme,
        summary=f"Added line of enquiry {line.pk} to programme {programme.pk}",
        changes={"line": [None, {"text": body, "evidence": len(items)}]},
    )
    return line


@transaction.atomic
def programme_finding_add(
    *, actor: Any, programme_id: int, text_: str, theme: str, kind: str
) -> Finding:
    programme = visible_programme(actor, programme_id)
    PROGRAMMES.check(actor, "manage", programme)
    body = text(text_, "text", "Enter the finding")
    theme = text(theme, "theme", "Enter the finding's theme", limit=100)
    kind = choice(kind, "kind", Finding.Kind.choices, "kind of finding")
    finding = Finding.objects.create(
        programme=programme, text=body, theme=theme, kind=kind, added_by=actor
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=programme,
        summary=f"Added finding {finding.pk} to programme {programme.pk}",
        changes={"finding": [None, {"theme": theme, "kind": kind}]},
    )
    return finding


def programme_action_add(
    *, actor: Any, programme_id: int, description: str, owner: str, due_date: date | str
) -> Any:
    """An action of the programme, in the one actions mechanism (source "programme")."""
    from assure.actions.services import action_create

    with transaction.atomic():
        programme = visible_programme(actor, programme_id)
        PROGRAMMES.check(actor, "manage", programme)
        text(description, "description", "Describe what needs to be done")
        person = active_user(owner, "owner")
        due = as_date(due_date, "due_date")
        action = action_create(
            actor=actor,
            description=description,
            owner=person,
            due_date=due,
            source_type="programme",
            source_id=str(programme.pk),
        )
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=programme,
            summary=f"Raised action {action.pk} from programme {programme.pk}",
            changes={"action": [None, action.pk]},
        )
    return action


def programme_set_status(
    *, actor: Any, programme_id: int, status: str, version: int | None = None
) -> Programme:
    status = choice(status, "status", Programme.Status.choices, "status")
    with writes.change(
        PROGRAMMES.visible_to(actor),
        programme_id,
        actor=actor,
        version=version,
        policy=PROGRAMMES,
        action="manage",
    ) as c:
        c.set(status=status)
        return c.commit(summary=f"Programme {programme_id}: now {status}")


def programme_publish(*, actor: Any, programme_id: int, version: int | None = None) -> Programme:
    """The circle approves the findings for staff: a page without child references."""
    with writes.change(
        PROGRAMMES.visible_to(actor),
        programme_id,
        actor=actor,
        version=version,
        policy=PROGRAMMES,
        action="manage",
    ) as c:
        if not c.obj.findings.exists():
            raise InvalidInput({"findings": "Add at least one finding before publishing."})
        c.set(published_at=clock.now())
        return c.commit(summary=f"Programme {programme_id}: findings published to staff")
