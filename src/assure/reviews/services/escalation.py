"""Escalation: every practice alert whose stage is overdue moves up one stage, in bulk.

A scheduled job over many thousands of alerts, so it is set-based rather than one
`writes.change` per alert: the overdue alerts are locked once, moved with one
UPDATE per (team, next stage) with their version bumped, and each step is kept
in the alert's own history (`AlertEvent`) as every other step is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from assure.core import clock

from ..models import PracticeAlert
from ..stages import TOP_STAGE, due_for, owner_at_or_above

ESCALATE_CHUNK = 500
WRITE_CHUNK = 10_000
_EVENT_COLUMNS = "alert_id, at, actor_id, kind, stage, owner_id, text"
_NOTE_COLUMNS = "user_id, kind, text, link, object_type, object_id, created"


def _write_escalations(events: list[tuple[Any, ...]], notes: list[tuple[Any, ...]]) -> None:
    """Insert many thousands of event and notification rows, past the ORM's per-object work.

    PostgreSQL takes each chunk as one INSERT ... SELECT over arrays (unnest); other
    databases take a plain executemany.
    """
    with connection.cursor() as cursor:
        for rows, table, columns, types in (
            (
                events,
                "reviews_alertevent",
                _EVENT_COLUMNS,
                "bigint[], timestamptz[], bigint[], text[], int[], bigint[], text[]",
            ),
            (
                notes,
                "core_notification",
                _NOTE_COLUMNS,
                "bigint[], text[], text[], text[], text[], text[], timestamptz[]",
            ),
        ):
            for start in range(0, len(rows), WRITE_CHUNK):
                chunk = rows[start : start + WRITE_CHUNK]
                if connection.vendor == "postgresql":
                    arrays = [list(column) for column in zip(*chunk, strict=True)]
                    casts = ", ".join(f"%s::{t}" for t in types.split(", "))
                    cursor.execute(
                        f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({casts})",  # noqa: S608
                        arrays,
                    )
                else:
                    marks = ", ".join(["%s"] * len(chunk[0]))
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                        chunk,
                    )


def alerts_escalate(*, now: datetime) -> int:
    """Move every open alert whose stage is overdue up one stage. Idempotent.

    Only `open` alerts escalate: once the stage's owner has responded, the
    alert waits for the chair. The new stage gets a fresh response time, so
    a second run at the same moment finds nothing overdue.

    Set-based: the overdue alerts are locked and read once, grouped by (team,
    next stage) so the owner is looked up once per group, moved with one
    UPDATE per group, and their events and notifications are written in bulk.
    The emails go to the background worker in batches once the run commits.
    """
    from functools import partial

    from assure.core.models import Notification
    from assure.org.models import Team

    from ..tasks import email_notifications

    with transaction.atomic():
        overdue = list(
            PracticeAlert.objects.select_for_update(of=("self",))
            .filter(status=PracticeAlert.Status.OPEN, due__lt=now, stage__lt=TOP_STAGE)
            .order_by("pk")
            .values_list("pk", "team_id", "stage")
        )
        if not overdue:
            return 0
        groups: dict[tuple[int, int], list[int]] = {}
        for pk, team_id, stage in overdue:
            groups.setdefault((team_id, stage + 1), []).append(pk)
        teams = Team.objects.select_related("district").in_bulk({t for t, _ in groups})
        ops = connection.ops
        at = ops.adapt_datetimefield_value(now)
        stamp = clock.now()
        created = ops.adapt_datetimefield_value(stamp)
        link = reverse("reviews:alert", args=[0]).replace("/0/", "/{}/")
        events: list[tuple[Any, ...]] = []
        notifications: list[tuple[Any, ...]] = []
        dues: dict[int, datetime] = {}
        for (team_id, next_stage), ids in groups.items():
            team = teams[team_id]
            stage, owner = owner_at_or_above(next_stage, team)
            if stage not in dues:
                dues[stage] = due_for(stage, now)
            due = dues[stage]
            for start in range(0, len(ids), ESCALATE_CHUNK):
                PracticeAlert.objects.filter(pk__in=ids[start : start + ESCALATE_CHUNK]).update(
                    stage=stage, owner=owner, due=due, version=F("version") + 1
                )
            text = f"Not answered in time: escalated to stage {stage}"
            owner_id = owner.pk if owner is not None else None
            events += [(pk, at, None, "escalated", stage, owner_id, text) for pk in ids]
            if owner is not None and owner.is_active:
                message = (
                    f"A practice alert about {team} has escalated to you (stage {stage}):"
                    f" respond by {timezone.localtime(due):%d %B %Y}"
                )[:500]
                notifications += [
                    (
                        owner_id,
                        "alert_escalated",
                        message,
                        link.format(pk),
                        "practicealert",
                        str(pk),
                        created,
                    )
                    for pk in ids
                ]
        _write_escalations(events, notifications)
        ids_to_email = list(
            Notification.objects.filter(kind="alert_escalated", created=stamp)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids_to_email), ESCALATE_CHUNK):
            batch = ids_to_email[start : start + ESCALATE_CHUNK]
            transaction.on_commit(partial(email_notifications.enqueue, batch))
    return len(overdue)
