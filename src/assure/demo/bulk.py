"""Bulk inserts of history: rows written in one go, keeping the times they were given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models


@contextmanager
def timestamps_as_given(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk inserts keep the historical times set on auto_now(_add) fields.

    Only for this single-threaded loader: the flags are restored on the way out.
    """
    saved = []
    for model, name in fields:
        f = model._meta.get_field(name)
        saved.append((f, f.auto_now, f.auto_now_add))  # type: ignore[union-attr]
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add  # type: ignore[union-attr]


def bulk(model: type[models.Model], objs: list[Any], batch: int = 500) -> list[Any]:
    created = model.objects.bulk_create(objs, batch_size=batch)  # type: ignore[attr-defined]
    if created and created[0].pk is None:  # a backend that returns no ids from bulk inserts
        ids = list(
            model.objects.order_by("-pk").values_list("pk", flat=True)[: len(created)]  # type: ignore[attr-defined]
        )
        for obj, pk in zip(created, reversed(ids), strict=True):
            obj.pk = pk
    return created
