from __future__ import annotations

import os
import subprocess
import sys

from assure.cli import translate


def test_two_word_commands_map_to_management_commands() -> None:
    assert translate(["import", "annex-a", "x.xlsx", "--as-of", "2026-09-30"]) == [
        "import_annex_a",
        "x.xlsx",
        "--as-of",
        "2026-09-30",
    ]
    assert translate(["alerts", "escalate"]) == ["alerts_escalate"]
    assert translate(["migrate"]) == ["migrate"]


def test_assure_help_and_a_readable_failure() -> None:
    env = {**os.environ, "ASSURE_ENV": "test", "PYTHONPATH": "src"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    ok = subprocess.run(
        [sys.executable, "-m", "assure.cli", "demo", "load", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and "demo county" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "assure.cli", "no-such-command"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "Unknown command" in bad.stderr
    wrong_env = subprocess.run(
        [sys.executable, "-m", "assure.cli", "help"],
        env={**env, "ASSURE_ENV": "staging"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrong_env.returncode != 0 and "ASSURE_ENV='staging' is not known" in wrong_env.stderr
