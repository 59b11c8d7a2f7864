"""`assure benchmark`: the JSON it writes, and readable failures."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Department for Education."
)


def test_writes_kent_2025(tmp_path: Path) -> None:
    out = tmp_path / "kent.json"
    stdout = StringIO()
    call_command("benchmark", la="886", year=2025, out=str(out), stdout=stdout)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["la"] == "886"
    assert data["year"] == 2025
    assert data["source"] == ATTRIBUTION
    assert len(data["indicators"]) == 12
    assert data["indicators"]["referrals_per_10k"] == {
        "value": 676.3,
        "england": 519.4,
        "region": 654.0,
        "sn_median": 389.0,
        "rank": 24,
        "n": 153,
        "quartile": 4,
    }
    assert "Wrote 12 indicators for 886 (Kent), 2025" in stdout.getvalue()


def test_nulls_are_json_null(tmp_path: Path) -> None:
    out = tmp_path / "northants.json"
    call_command("benchmark", "--la", "928", "--year", "2025", "--out", str(out), stdout=StringIO())
    text = out.read_text(encoding="utf-8")
    item = json.loads(text)["indicators"]["cla_per_10k"]
    assert item == {
        "value": None,
        "england": 67.0,
        "region": 62.0,
        "sn_median": None,
        "rank": None,
        "n": 151,
        "quartile": None,
    }
    assert '"value": null' in text


def test_data_folder_option(hand_made: Path, tmp_path: Path) -> None:
    out = tmp_path / "hand.json"
    call_command(
        "benchmark", la="101", year=2025, out=str(out), data=str(hand_made), stdout=StringIO()
    )
    assert json.loads(out.read_text())["indicators"]["cpp_subsequent_pct"]["sn_median"] == 10.2


@pytest.mark.parametrize(
    ("la", "year", "message"),
    [
        ("999", 2025, "Unknown local authority code '999'"),
        ("886", 2031, "Year 2031 is not in the benchmark data (it covers 2013-2025)"),
    ],
)
def test_bad_authority_or_year(tmp_path: Path, la: str, year: int, message: str) -> None:
    out = tmp_path / "x.json"
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("benchmark", la=la, year=year, out=str(out))
    assert not out.exists()


def test_folder_missing_a_file(shipped_copy: Path, tmp_path: Path) -> None:
    (shipped_copy / "csww_indicators_2017_to_2025.csv").unlink()
    with pytest.raises(CommandError, match=r"missing 'csww_indicators\*\.csv'"):
        call_command(
            "benchmark", la="886", year=2025, out=str(tmp_path / "x.json"), data=str(shipped_copy)
        )


def test_output_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("benchmark", la="886", year=2025, out=str(tmp_path / "no" / "x.json"))


def test_exit_status_from_the_command_line(tmp_path: Path) -> None:
    # Parsed from argv, as `assure benchmark` runs it: a CommandError exits with status 1.
    utility = ManagementUtility(
        ["assure", "benchmark", "--la", "ZZZ", "--year", "2025", "--out", str(tmp_path / "x")]
    )
    with pytest.raises(SystemExit) as exited:
        utility.execute()
    assert exited.value.code == 1
