"""Recurring work: an Annex A import whose worker stopped is said to have failed.

A snapshot appears only by an atomic rename once every list is written, so a
worker killed mid-import leaves nothing half-loaded; but its job would show
"running" for ever. This tells the person who uploaded it, plainly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from assure.core.schedule import every

from .models import AnnexAImportJob

SILENT_FOR = timedelta(minutes=15)  # an import reports each list well within this
IMPORT_STOPPED = (
    "The import stopped before it finished (its worker stopped); nothing was loaded. "
    "Upload the file again."
)


@every(minutes=5)
def stalled_imports_fail(now: datetime) -> int:
    return AnnexAImportJob.objects.filter(
        status=AnnexAImportJob.Status.RUNNING, updated_at__lt=now - SILENT_FOR
    ).update(
        status=AnnexAImportJob.Status.FAILED,
        progress=100,
        message=IMPORT_STOPPED,
        finished_at=now,
        updated_at=now,
    )
