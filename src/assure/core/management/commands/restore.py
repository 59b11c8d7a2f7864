"""`assure restore FOLDER`: a backup into an empty database, checked against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core.backup import BackupError, backup_read


class Command(BaseCommand):
    help = (
        "Load a backup made by `assure backup` into an empty database and var directory, "
        "then count every table's rows and walk the trail's chain against the backup's "
        "manifest; exit 1 if anything differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup's folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checked = backup_read(Path(options["folder"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {checked.tables} tables ({checked.rows:,} rows), each as the backup "
            f"counted it; trail intact: {checked.events:,} events, last hash {checked.last_hash}"
        )
