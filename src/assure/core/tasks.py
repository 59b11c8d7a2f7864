"""Background tasks of the shared kernel."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def run_scheduled_job(name: str, now_iso: str) -> None:
    """Run one registered recurring job (see schedule.py) on a worker."""
    from .schedule import scheduled_jobs

    jobs = {s.name: s for s in scheduled_jobs()}
    jobs[name].job(datetime.fromisoformat(now_iso))
