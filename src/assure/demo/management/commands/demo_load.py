from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.demo import demo_load


class Command(BaseCommand):
    help = "Load the fictional demo county (idempotent). Refused in production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children", type=int, default=8000, help="How many children with cases (default 8000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ASSURE_DEMO:
            raise CommandError("The demo authority is never loaded in production settings.")
        self.stderr.write("Loading the demo county...")
        summary = demo_load(children=options["children"])
        verb = "Loaded" if summary.created else "Already loaded; refreshed the demo passwords for"
        self.stdout.write(
            f"{verb} Wealdshire: {summary.teams} teams, {summary.staff} staff, "
            f"{summary.children} children, {summary.cases} cases."
        )
        if summary.created:
            # The county's dashboard is everyone's first look at the chairs' QA: its
            # charts are drawn now, as the scheduler draws each district's later.
            from assure.reviews.dashboard.predraw import dashboards_draw

            drawn = dashboards_draw(districts=False)
            self.stderr.write(f"Drew the county dashboard's {drawn} charts.")
