"""The `assure` command: a thin front to Django's management commands.

`assure import annex-a PATH` and `assure alerts escalate` read naturally;
Django command names cannot contain a space, so the first two words are
joined with an underscore when such a command exists (`import_annex_a`).
"""

from __future__ import annotations

import sys

from assure.config.settings.select import use_assure_settings

# Two-word commands of the contract, mapped to their management command.
_COMPOUND = {
    ("import", "annex-a"): "import_annex_a",
    ("import", "cases"): "import_cases",
    ("alerts", "escalate"): "alerts_escalate",
    ("report", "triannual"): "report_triannual",
    ("demo", "load"): "demo_load",
}


def translate(argv: list[str]) -> list[str]:
    if len(argv) >= 2 and (argv[0], argv[1]) in _COMPOUND:
        return [_COMPOUND[(argv[0], argv[1])], *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    use_assure_settings()
    from django.core.management import execute_from_command_line

    args = translate(list(sys.argv[1:] if argv is None else argv))
    execute_from_command_line(["assure", *args])


if __name__ == "__main__":
    main()
