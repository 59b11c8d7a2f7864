"""`assure backup FOLDER`: the whole authority (database and files) to a new folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assure.core.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write the whole authority to FOLDER: the database, the files under the var "
        "directory (Annex A snapshots, documents, uploads) and a manifest of every table's "
        "rows and the trail's last hash, which `assure restore` checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A new or empty folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_write(Path(options["folder"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Backed up {len(manifest['rows'])} tables ({rows:,} rows) and "
            f"{manifest['trail']['events']:,} trail events to {options['folder']}"
        )
        self.stdout.write(f"trail's last hash: {manifest['trail']['last_hash']}")
