"""The `assure` command: a thin front to Django's management commands.

`assure import annex-a PATH` and `assure alerts escalate` read naturally;
Django command names cannot contain a space, so the first two words are
joined with an underscore when such a command exists (`import_annex_a`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

from assure.config.settings.select import use_assure_settings

# Two-word commands of the contract, mapped to their management command.
_COMPOUND = {
    ("import", "annex-a"): "import_annex_a",
    ("import", "cases"): "import_cases",
    ("import", "structure"): "import_org",
    ("import", "staff"): "import_org",
    ("alerts", "escalate"): "alerts_escalate",
    ("report", "triannual"): "report_triannual",
    ("schedule", "remind"): "schedule_remind",
    ("demo", "load"): "demo_load",
    ("db", "grant-app-role"): "db_grant_app_role",
    ("import", "feedback"): "import_feedback",
}
# Commands that change the schema or its grants run as the tables' owner, named by
# ASSURE_MIGRATE_DATABASE_URL; the app itself connects with DATABASE_URL (ADR 0011).
# A restore recreates the tables, so it is the owner's too (grant the app role after it).
_AS_OWNER = {"migrate", "db_grant_app_role", "createcachetable", "restore"}


# Commands whose second word is also their first argument (`import_org staff PATH`).
_KEEP_SECOND = {"import_org"}


def translate(argv: list[str]) -> list[str]:
    if len(argv) >= 2 and (argv[0], argv[1]) in _COMPOUND:
        command = _COMPOUND[(argv[0], argv[1])]
        rest = argv[1:] if command in _KEEP_SECOND else argv[2:]
        return [command, *rest]
    return argv


def use_owner_database(args: list[str], environ: MutableMapping[str, str]) -> None:
    owner_url = environ.get("ASSURE_MIGRATE_DATABASE_URL")
    if args and args[0] in _AS_OWNER and owner_url:
        environ["DATABASE_URL"] = owner_url


def main(argv: list[str] | None = None) -> None:
    args = translate(list(sys.argv[1:] if argv is None else argv))
    use_owner_database(args, os.environ)
    use_assure_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["assure", *args])


if __name__ == "__main__":
    main()
