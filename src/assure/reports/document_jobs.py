"""Documents made in the background, with progress, for the person who asked.

An app registers each kind of document it offers with `@document_kind(KIND)`: a
function that, given the asker and the parameters, checks the asker may have it
(as the page would) and builds the bytes, saying how far it has got. Then:

- `document_request(...)` (a page or the API) checks the kind, records the job and
  queues its building after the transaction commits; asking again while the same
  document is still being made answers with that one (a reload makes no second),
  but a finished document is never given for a new request: the figures may have
  moved since, and each document says when it was made;
- `document_build` (a task, on a worker) builds it as the asker, writes it to a
  private file and marks it ready, or failed with a plain reason;
- `document_file(...)` gives the asker the file, and the trail says who took it.
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django_tasks import task

from assure.core import clock, trail
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent

from .models import DocumentJob

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Built:
    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class DocumentKind:
    key: str
    build: Callable[[Any, dict[str, Any], Progress], Built]


_KINDS: dict[str, DocumentKind] = {}
# Kinds named by an app at start-up, as "module:function", imported only when a
# document of that kind is first made: building one pulls in the chart engine and
# the PDF writer, which no command or page that makes none should pay for.
_LAZY: dict[str, str] = {}


def document_kind_at(key: str, target: str) -> None:
    """Name where the builder of `key` lives (`"assure.app.module:function"`)."""
    _LAZY[key] = target


def _kind(key: str) -> DocumentKind | None:
    if key not in _KINDS and key in _LAZY:
        module, _, name = _LAZY[key].partition(":")
        build = getattr(importlib.import_module(module), name)
        _KINDS.setdefault(key, DocumentKind(key=key, build=build))
    return _KINDS.get(key)


def document_kind(key: str) -> Callable[[Callable[[Any, dict[str, Any], Progress], Built]], Any]:
    def register(build: Callable[[Any, dict[str, Any], Progress], Built]) -> Any:
        _KINDS[key] = DocumentKind(key=key, build=build)
        return build

    return register


def documents_root() -> Path:
    return Path(settings.VAR_DIR) / "documents"


def document_request(*, actor: Any, kind: str, params: dict[str, Any], title: str) -> DocumentJob:
    """Queue a document for `actor`, or give the one already made for the same request."""
    if _kind(kind) is None:
        raise InvalidInput({"kind": f"Assure makes no document called {kind!r}."})
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    being_made = DocumentJob.objects.filter(
        requested_by=actor,
        kind=kind,
        params=params,
        status__in=[DocumentJob.Status.QUEUED, DocumentJob.Status.RUNNING],
    ).first()
    if being_made is not None:
        return being_made
    with transaction.atomic():
        job = DocumentJob.objects.create(
            kind=kind,
            params=params,
            title=title[:200],
            requested_by=actor,
            message="Waiting",
            updated_at=clock.now(),
        )
        transaction.on_commit(partial(document_build.enqueue, job.pk))
    return job


def _update(job_id: int, **fields: Any) -> None:
    DocumentJob.objects.filter(pk=job_id).update(updated_at=clock.now(), **fields)


@task()
def document_build(job_id: int) -> None:
    """Build one requested document as the person who asked for it. Runs on a worker."""
    job = DocumentJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status != DocumentJob.Status.QUEUED:
        return
    _update(job_id, status=DocumentJob.Status.RUNNING, progress=1, message="Starting")

    def progress(percent: int, message: str) -> None:
        _update(job_id, progress=max(1, min(99, percent)), message=message[:300])

    try:
        kind = _kind(job.kind)
        if kind is None:
            raise InvalidInput({"kind": f"Assure makes no document called {job.kind!r}."})
        built = kind.build(job.requested_by, dict(job.params), progress)
    except (PermissionDenied, Http404):
        _fail(job_id, "You may no longer see what this document shows.")
        return
    except InvalidInput as refused:
        _fail(job_id, " ".join(str(v) for v in refused.errors.values()))
        return
    except Exception:
        _fail(job_id, "Something went wrong while making the document. Try again later.")
        raise
    root = documents_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{uuid.uuid4().hex}{Path(built.filename).suffix}"
    # Opened 0600 from the first byte: a document may carry child-level figures.
    descriptor = os.open(root / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(descriptor, "wb") as handle:
        handle.write(built.content)
    _update(
        job_id,
        status=DocumentJob.Status.DONE,
        progress=100,
        message="Ready",
        filename=built.filename[:200],
        content_type=built.content_type[:120],
        storage_path=name,
        size=len(built.content),
        finished_at=clock.now(),
    )


def _fail(job_id: int, message: str) -> None:
    _update(
        job_id,
        status=DocumentJob.Status.FAILED,
        progress=100,
        message=message[:300],
        finished_at=clock.now(),
    )


def documents_of(user: Any) -> Any:
    """The documents a person asked for: nobody else's are theirs to see."""
    if not getattr(user, "is_authenticated", False):
        return DocumentJob.objects.none()
    return DocumentJob.objects.filter(requested_by=user)


def document_file(*, actor: Any, job: DocumentJob) -> bytes:
    """The finished file, for the person who asked for it; the download is trailed."""
    if job.requested_by_id != actor.pk:
        raise Http404
    if job.status != DocumentJob.Status.DONE:
        raise InvalidInput({"document": "The document is not ready yet."})
    content = (documents_root() / job.storage_path).read_bytes()
    trail.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=job,
        summary=f"Downloaded {job.title} ({job.filename})",
    )
    return content
