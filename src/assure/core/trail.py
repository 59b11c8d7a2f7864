"""The trail: who did what to which record, and who read a child's record.

Every service (and every selector that hands out a child's record) calls
`record`; nothing else writes it. Named for what it is: in Assure an "audit" is
a case audit, the domain's main noun, so the log of events is the trail.
Event kinds are `AuditEvent.Action` members (typed), never free strings.

The trail proves itself (ADR 0011): each event carries the SHA-256 of its own
fields and of the previous event's hash, so changing, removing or reordering
an event breaks every link after it, and `assure trail verify` says where.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import connections, models
from django.http import HttpRequest

from . import clock
from .middleware import client_ip
from .models import AuditEvent
from .request_context import current_request

GENESIS = "0" * 64  # the "previous hash" of the first event


def record(
    *,
    actor: Any,
    action: AuditEvent.Action,
    summary: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    child_ref: str = "",
    changes: dict[str, Any] | None = None,
    username: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. The request (for the address) defaults to the current one."""
    request = request if request is not None else current_request()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_username=(actor.get_username() if is_user else username)[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        child_ref=child_ref,
        summary=summary[:300],
        changes=changes or {},
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
    )


# The chain ---------------------------------------------------------------------------


def _plain_json(value: Any) -> Any:
    """JSON as the database gives it back: PostgreSQL's jsonb writes 1e20 and 1.0 as numbers
    that Python reads back as int and float alike, so whole floats are written as ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    return value


def canonical(event: AuditEvent) -> bytes:
    """Every stored field of the event, in one fixed serialisation (the hash's input)."""
    at = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields = {
        "id": event.pk,
        "at": at,
        "actor": [event.actor_id, event.actor_username],
        "action": str(event.action),
        "object": [event.object_type, event.object_id],
        "child_ref": event.child_ref,
        "summary": event.summary,
        "changes": _plain_json(event.changes),
        "address": event.ip_address or "",
        "user_agent": event.user_agent,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(event)).hexdigest()


def _claim(count: int, using: str) -> tuple[str, list[int]]:
    """Lock the chain's tail until the transaction ends; its hash and `count` new ids.

    PostgreSQL: one call to `core_auditevent_claim`, which takes a transaction-level
    advisory lock and then reads the tail (a fresh snapshot, so it sees the event a
    writer before us committed) and draws ids from the table's sequence. SQLite: the
    transaction holds the database's write lock, so the tail cannot move under us.
    """
    connection = connections[using]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tail_hash, ids FROM core_auditevent_claim(%s)", [count])
            tail_hash, ids = cursor.fetchone()
            return tail_hash or GENESIS, sorted(ids)
        if connection.vendor == "sqlite" and getattr(connection, "transaction_mode", None) not in (
            "IMMEDIATE",
            "EXCLUSIVE",
        ):
            # A deferred transaction takes the write lock only at its first write: make
            # this that write (it changes nothing) before reading the tail.
            cursor.execute(f"DELETE FROM {table} WHERE 0")  # noqa: S608 - our own table name
        cursor.execute(f"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    last_id, tail_hash = (row[0], row[1]) if row else (0, None)
    return tail_hash or GENESIS, list(range(last_id + 1, last_id + 1 + count))


def chain(events: list[AuditEvent], *, using: str = "default") -> None:
    """Give new events their ids and hashes, linked onto the tail. Inside a transaction:
    the tail stays locked until it commits, so concurrent writers queue up behind it."""
    if not events:
        return
    prev, ids = _claim(len(events), using)
    for event, pk in zip(events, ids, strict=True):
        event.pk = pk
        if event.at is None:
            event.at = clock.now()
        event.prev_hash = prev
        event.hash = link_hash(prev, event)
        prev = event.hash


@dataclass(frozen=True)
class Verdict:
    events: int  # how many events were checked and found sound
    last_hash: str  # the head of the sound part: write it down to prove later that nothing went
    broken_at: int | None = None  # the id of the first event that fails
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(
    *, using: str = "default", progress: Callable[[int], None] | None = None, every: int = 100_000
) -> Verdict:
    """Walk the chain from its first event; stop at the first broken or missing link."""
    prev, count = GENESIS, 0
    events: Iterable[AuditEvent] = (
        AuditEvent.objects.using(using).order_by("id").iterator(chunk_size=2000)
    )
    for event in events:
        problem = ""
        if not event.hash or not event.prev_hash:
            problem = "it carries no hash: it was never chained (written around Assure?)"
        elif link_hash(event.prev_hash, event) != event.hash:
            problem = "its fields do not match its hash: it was changed after it was written"
        elif event.prev_hash != prev:
            problem = (
                "its link to the previous event is broken: an event before it is missing"
                if count
                else "it is not linked to the start of the trail: earlier events are missing"
            )
        if problem:
            return Verdict(count, prev, event.pk, problem)
        prev, count = str(event.hash), count + 1
        if progress is not None and count % every == 0:
            progress(count)
    return Verdict(count, prev)


# Describing changes ------------------------------------------------------------------


def field_changes(instance: models.Model, new_values: dict[str, Any]) -> dict[str, Any]:
    """The {field: [old, new]} of the fields that actually change."""
    changed: dict[str, Any] = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if old != new:
            changed[name] = [plain_value(old), plain_value(new)]
    return changed


def plain_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
