from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from assure.core import clock
from assure.core.schedule import scheduled_jobs
from assure.core.tasks import run_scheduled_job


class Command(BaseCommand):
    help = "Enqueue recurring jobs (reminders, escalation) as they fall due. Runs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue every job once and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = scheduled_jobs()
        if not jobs:
            self.stdout.write("No recurring jobs are registered.")
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in jobs:
                if now - last_run.get(job.name, -1e9) >= job.minutes * 60:
                    run_scheduled_job.enqueue(job.name, clock.now().isoformat())
                    last_run[job.name] = now
                    self.stdout.write(f"Enqueued {job.name}")
            if options["once"]:
                return
            time.sleep(15)
