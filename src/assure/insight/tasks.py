"""Background work for the insight pages, and the services that queue it.

- `import_job_create` keeps an uploaded Annex A and queues `annex_a_import_run`,
  which imports it (all or nothing, through `snapshot_import`), reporting
  progress on the job row, then computes the snapshot's indicators once.
- `indicator_values_compute` stores a snapshot's Part A output rows, so the
  pages read a table instead of recomputing (about half a second a snapshot
  for a county).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import uuid
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_tasks import task

from assure.core import clock
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .annex_a import list_number
from .annex_a.problems import problem
from .case_sync import cases_sync
from .indicators import compute_indicators, window
from .indicators.drilldown import snapshot_team_names
from .models import AnnexAImportJob, AnnexASnapshot, IndicatorRun, IndicatorValue
from .private_files import DIRECTORY_MODE, FILE_MODE, private_directory
from .services import (
    configured_la_code,
    configured_population,
    rejected_result,
    snapshot_import,
)
from .team_mapping import team_units

log = logging.getLogger(__name__)

LATEST_CACHE_KEY = "insight:latest-snapshot"
MAX_ZIP_ENTRIES = 40
MAX_UNZIPPED_BYTES = 2 * 1024**3


def uploads_root() -> Path:
    return Path(settings.VAR_DIR) / "uploads" / "annex-a"


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9 ._()-]", "_", base).strip(" .") or "upload"
    return cleaned[:120]


# ------------------------------------------------------------------ services


def import_job_create(*, actor: Any, upload: UploadedFile, as_of: Any) -> AnnexAImportJob:
    """Keep the uploaded file and queue its import. The import itself is audited."""
    require_perm(actor, Perm.IMPORT_DATA)
    name = _safe_name(upload.name or "upload")
    private_directory(uploads_root())
    folder = uploads_root() / uuid.uuid4().hex
    folder.mkdir(mode=DIRECTORY_MODE)
    os.chmod(folder, DIRECTORY_MODE)
    target = folder / name
    # Opened 0600 from the first byte: the upload lists every child the authority works with.
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with open(descriptor, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        with transaction.atomic():
            job = AnnexAImportJob.objects.create(
                created_by=actor,
                as_of=as_of,
                source_filename=name,
                upload_path=str(target.relative_to(uploads_root())),
                message="Waiting to start",
            )
            transaction.on_commit(partial(annex_a_import_run.enqueue, job.pk))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def indicator_values_compute(*, snapshot: AnnexASnapshot) -> IndicatorRun:
    """Compute and store every Part A output row of `snapshot`, replacing any earlier ones.

    Team levels above team (district, area, service) follow the authority's
    structure through the team names matched or mapped at this moment.
    """
    as_of = snapshot.as_of
    names = snapshot_team_names(snapshot.directory)
    population = configured_population()
    la_code = configured_la_code()
    rows = compute_indicators(
        snapshot.directory,
        as_of=as_of,
        la_code=la_code,
        population=population,
        team_units=team_units(names),
    )
    win = window(as_of)
    with transaction.atomic():
        run, _ = IndicatorRun.objects.select_for_update().update_or_create(
            snapshot=snapshot,
            defaults={
                "la_code": la_code,
                "population": population,
                "window_start": win.start,
                "window_end": win.end,
            },
        )
        IndicatorValue.objects.filter(run=run).delete()
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    run=run,
                    indicator=r["indicator"],
                    level=r["level"],
                    unit=r["unit"][:200],
                    numerator=r["numerator"],
                    denominator=r["denominator"],
                    value=r["value"],
                )
                for r in rows
            ],
            batch_size=2000,
        )
    cache.delete(LATEST_CACHE_KEY)
    return run


# ------------------------------------------------------------------ tasks


def _update(job_id: int, **fields: Any) -> None:
    AnnexAImportJob.objects.filter(pk=job_id).update(updated_at=clock.now(), **fields)


class _ProgressCounter:
    """Turns the importer's messages into a rising percentage (import is 0-85%)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.steps = 0

    def __call__(self, message: str) -> None:
        self.steps += 1
        # Two messages a list (reading, cleaning), eleven lists at most.
        percent = min(85, 5 + self.steps * 80 // 24)
        _update(self.job_id, progress=percent, message=message[:500])


def _unpack_zip(archive: Path, folder: Path) -> str | None:
    """Extract the `List N.csv` members of `archive` into `folder`; an error message if unusable."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [
                m
                for m in zipped.infolist()
                if not m.is_dir()
                and not m.filename.startswith("__MACOSX")
                and m.filename.lower().endswith(".csv")
                and list_number(Path(m.filename).stem) is not None
            ]
            if len(members) > MAX_ZIP_ENTRIES:
                return f"The zip holds more than {MAX_ZIP_ENTRIES} list files."
            if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                return "The zip's files are larger than 2 GB once unpacked."
            private_directory(folder)
            for member in members:
                target = folder / _safe_name(Path(member.filename).name)
                with zipped.open(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
                os.chmod(target, FILE_MODE)
    except (zipfile.BadZipFile, OSError, EOFError):
        return "The file is not a zip archive that can be opened."
    return None


def _reject(job: AnnexAImportJob, message: str) -> None:
    only = problem(job.source_filename, None, None, None, message, "import rejected")
    report = {**rejected_result(job.as_of, [only], message).report(), "message": message}
    _update(
        job.pk,
        status=AnnexAImportJob.Status.REJECTED,
        progress=100,
        message=message[:500],
        report=report,
        finished_at=clock.now(),
    )


@task()
def annex_a_import_run(job_id: int) -> None:
    """Import one uploaded Annex A, then compute its indicators. Runs on a worker."""
    job = AnnexAImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status != AnnexAImportJob.Status.QUEUED:
        return
    _update(job_id, status=AnnexAImportJob.Status.RUNNING, progress=2, message="Starting")
    upload = uploads_root() / job.upload_path
    folder = upload.parent
    try:
        source = upload
        if upload.suffix.lower() == ".zip":
            source = folder / upload.stem
            failure = _unpack_zip(upload, source)
            if failure:
                _reject(job, failure + " Upload an .xlsx workbook or a zip of 'List N.csv' files.")
                return
        result = snapshot_import(
            path=source, as_of=job.as_of, user=job.created_by, progress=_ProgressCounter(job_id)
        )
        report: dict[str, Any] = {**result.report(), "message": result.message}
        if result.status != "imported" or result.snapshot is None:
            _update(
                job_id,
                status=AnnexAImportJob.Status.REJECTED,
                progress=100,
                message=result.message[:500],
                report=report,
                finished_at=clock.now(),
            )
            return
        cache.delete(LATEST_CACHE_KEY)
        _update(
            job_id,
            snapshot=result.snapshot,
            progress=90,
            message="Computing the indicators",
            report=report,
        )
        indicator_values_compute(snapshot=result.snapshot)
        _update(job_id, progress=95, message="Opening, moving and closing cases")
        who = job.created_by.get_username() if job.created_by else "an upload"
        cases_sync(snapshot=result.snapshot, imported_by=who)
        _update(
            job_id,
            status=AnnexAImportJob.Status.IMPORTED,
            progress=100,
            message=f"Imported {sum(result.rows.values())} rows",
            finished_at=clock.now(),
        )
    except Exception:
        log.exception("Annex A import job %s failed", job_id)
        _update(
            job_id,
            status=AnnexAImportJob.Status.FAILED,
            progress=100,
            message="The import stopped because of an error in Assure. Nothing was half-loaded; "
            "try again, and tell your administrator if it happens again.",
            finished_at=clock.now(),
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@task()
def indicators_refresh(snapshot_id: int) -> None:
    """Recompute a snapshot's stored indicators (after a team name is mapped)."""
    snapshot = AnnexASnapshot.objects.filter(pk=snapshot_id).first()
    if snapshot is not None and snapshot.directory.is_dir():
        indicator_values_compute(snapshot=snapshot)


def refresh_after_mapping(snapshot: AnnexASnapshot | None) -> None:
    """Queue the snapshot's recomputation once the mapping change commits."""
    if snapshot is not None:
        transaction.on_commit(partial(indicators_refresh.enqueue, snapshot.pk))
