"""Recurring work (reminders, escalation), declared where it belongs.

An app registers a job with `@every(minutes=N)`; `assure scheduler` runs in
the background beside the workers and enqueues each job as a background task
when it falls due. Jobs take the current time and must be idempotent: running
one twice in a row changes nothing more (so two schedulers, or a restart,
are harmless).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

Job = Callable[[datetime], object]


@dataclass(frozen=True)
class Scheduled:
    name: str
    minutes: int
    job: Job


_JOBS: dict[str, Scheduled] = {}


def every(*, minutes: int) -> Callable[[Job], Job]:
    def register(job: Job) -> Job:
        name = f"{job.__module__}.{job.__qualname__}"
        _JOBS[name] = Scheduled(name=name, minutes=minutes, job=job)
        return job

    return register


def scheduled_jobs() -> list[Scheduled]:
    from django.apps import apps

    # Importing each app's `jobs` module registers its recurring work.
    for config in apps.get_app_configs():
        if config.name.startswith("assure."):
            try:
                __import__(f"{config.name}.jobs")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.jobs":
                    raise
    return sorted(_JOBS.values(), key=lambda s: s.name)
