"""Recurring work: a document whose worker stopped is said to have failed.

A task worker killed in the middle of a document leaves its job "running" for
ever, and the person waiting would watch a page that never moves. A document is
written to a private file and marked ready only at the end, so nothing is
half-written; what is left is to tell the person plainly, and let them ask again.
(insight/jobs.py does the same for Annex A imports.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from assure.core.schedule import every

from .models import DocumentJob

# A step of a document reports progress well within this; a job silent for longer
# has lost its worker. Queued work waits at most a day for a free worker.
SILENT_FOR = timedelta(minutes=15)
QUEUED_FOR = timedelta(days=1)
DOCUMENT_STOPPED = "The worker making it stopped before it finished. Ask for it again."


@every(minutes=5)
def stalled_documents_fail(now: datetime) -> int:
    """Mark as failed the documents whose worker stopped; returns how many."""
    failed = {"status": "failed", "progress": 100, "finished_at": now, "updated_at": now}
    return (
        DocumentJob.objects.filter(
            status=DocumentJob.Status.RUNNING, updated_at__lt=now - SILENT_FOR
        )
        | DocumentJob.objects.filter(
            status=DocumentJob.Status.QUEUED, updated_at__lt=now - QUEUED_FOR
        )
    ).update(message=DOCUMENT_STOPPED, **failed)


@every(minutes=60)
def schedule_reports_remind(now: datetime) -> int:
    """Remind owners of reports due within five working days (once per due date)."""
    from .schedule import schedule_remind

    return schedule_remind(now)
