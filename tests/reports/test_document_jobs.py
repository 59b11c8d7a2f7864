"""Documents made in the background: queued, built as the asker, then theirs alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from assure.core.models import AuditEvent
from assure.reports.document_jobs import Built, Progress, document_kind, document_request
from assure.reports.models import DocumentJob
from tests.conftest import World

pytestmark = pytest.mark.django_db

SEEN: list[tuple[str, int]] = []


@document_kind("test_note")
def _note(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    if params.get("refuse"):
        raise PermissionDenied
    progress(40, "Writing")
    SEEN.append((user.username, 40))
    return Built(f"for {user.username}".encode(), "note.txt", "text/plain")


def _ask(world: World, who: str, capture: Any, **params: Any) -> DocumentJob:
    with capture(execute=True):
        job = document_request(
            actor=world.user(who), kind="test_note", params=params, title="A note"
        )
    job.refresh_from_db()
    return job


def test_a_document_is_built_as_its_asker_and_only_they_take_it(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _ask(world, "director", django_capture_on_commit_callbacks)
    assert job.status == "done" and job.progress == 100 and job.size == len(b"for director")
    assert ("director", 40) in SEEN
    mine = client_for("director")
    page = mine.get(f"/documents/{job.token}/").content.decode()
    assert "Your document is ready" in page and "Refresh" not in page
    taken = mine.get(f"/documents/{job.token}/file")
    assert taken.status_code == 200 and taken.content == b"for director"
    assert taken["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="export", object_id=str(job.pk)).count() == 1
    someone_else = client_for("qa_manager")
    assert someone_else.get(f"/documents/{job.token}/").status_code == 404
    assert someone_else.get(f"/documents/{job.token}/file").status_code == 404
    # The API says where it stands, to the asker only.
    status = mine.get(f"/api/v1/tasks/{job.token}").json()
    assert status == {
        "status": "done",
        "progress": 100,
        "document": f"/documents/{job.token}/file",
        "message": "Ready",
    }
    assert someone_else.get(f"/api/v1/tasks/{job.token}").status_code == 404
    assert mine.get("/api/v1/tasks/not-a-task").status_code == 404


def test_a_queued_document_shows_its_progress_and_a_reload_makes_no_second(
    world: World, client_for: Any
) -> None:
    asker = world.user("director")
    first = document_request(actor=asker, kind="test_note", params={"n": 1}, title="A note")
    again = document_request(actor=asker, kind="test_note", params={"n": 1}, title="A note")
    assert first.pk == again.pk  # still queued (nothing ran the callbacks)
    page = client_for("director").get(f"/documents/{first.token}/")
    assert page["Refresh"] == "2" and "Waiting to start: 0% done." in page.content.decode()
    status = client_for("director").get(f"/api/v1/tasks/{first.token}").json()
    assert status["status"] == "queued" and status["document"] is None


def test_a_finished_document_is_never_given_for_a_new_request(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    first = _ask(world, "director", django_capture_on_commit_callbacks, n=2)
    second = _ask(world, "director", django_capture_on_commit_callbacks, n=2)
    assert first.pk != second.pk and second.status == "done"


def test_a_refused_document_fails_with_a_plain_reason(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _ask(world, "director", django_capture_on_commit_callbacks, refuse=True)
    assert job.status == "failed"
    assert job.message == "You may no longer see what this document shows."
    page = client_for("director").get(f"/documents/{job.token}/").content.decode()
    assert "The document could not be made" in page
    assert client_for("director").get(f"/documents/{job.token}/file").status_code == 404


def test_an_unknown_kind_is_refused(world: World) -> None:
    from assure.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="no document called"):
        document_request(actor=world.user("director"), kind="nope", params={}, title="x")


def test_a_document_whose_worker_stopped_is_said_to_have_failed(world: World) -> None:
    from datetime import timedelta

    from assure.core import clock
    from assure.reports.jobs import DOCUMENT_STOPPED, stalled_documents_fail

    asker = world.user("director")
    job = document_request(actor=asker, kind="test_note", params={"n": 3}, title="A note")
    DocumentJob.objects.filter(pk=job.pk).update(status="running")  # its worker was killed
    now = clock.now()
    assert stalled_documents_fail(now + timedelta(minutes=10)) == 0  # still within reason
    assert stalled_documents_fail(now + timedelta(minutes=16)) == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.message == DOCUMENT_STOPPED
    assert stalled_documents_fail(now + timedelta(minutes=30)) == 0  # once only
    # Asking again makes a new one (the failed one is not given back).
    again = document_request(actor=asker, kind="test_note", params={"n": 3}, title="A note")
    assert again.pk != job.pk
