"""Helpers for the insight page tests: a small Annex A and importing it.

The Annex A names four teams: one as the authority spells it, one in other
case and spacing, one that matches nothing and one whose name is a formula.
Its child references are those of the test world's cases (REF-OWN, REF-TEAM,
REF-OTHER_AREA), because the children behind a team's figure are found by
Assure's own case records, matched by reference.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from assure.insight.models import AnnexASnapshot
from assure.insight.services import snapshot_import
from assure.insight.tasks import indicator_values_compute
from tests.insight.annex_builders import write_csv_folder, write_xlsx  # noqa: F401

D = date(2026, 9, 30)
CID = "Child Unique ID"
REF = "Date of referral"
NFA = "Referral NFA?"
N12 = "Number of Referrals in Last 12 Months"
TEAM = "Allocated Team"
WORKER = "Allocated Worker"
# The importer reads a cell starting with "=" as an unsaved formula (blank), so the
# team that tries to smuggle a formula into a spreadsheet starts with "@".
FORMULA_TEAM = '@HYPERLINK("http://example.org","x")'


def referral(
    child: str, team: str, worker: str = "Someone Else", nfa: str = "No"
) -> dict[str, Any]:
    return {CID: child, REF: "15/06/2026", NFA: nfa, N12: "0", TEAM: team, WORKER: worker}


def small_lists(
    extra_team: str = "Old Name Team", formula: bool = True
) -> dict[int, list[dict[str, Any]]]:
    """(A workbook would store the formula team as a formula, so xlsx files leave it out.)"""
    lists = {
        1: [{CID: "REF-OWN", "Date of Contact": "10/06/2026"}],
        3: [
            referral("REF-OWN", "A Family Support", "Practitioner Tester", nfa="Yes"),
            referral("REF-TEAM", "A Family Support"),
            referral("REF-OTHER_AREA", "b  FAMILY\xa0support"),
            referral("C-OLD", extra_team),
            referral("C-FORMULA", FORMULA_TEAM),
        ],
    }
    if not formula:
        lists[3] = lists[3][:-1]
    return lists


def import_snapshot(path: Path, as_of: date = D, compute: bool = True) -> AnnexASnapshot:
    result = snapshot_import(path=path, as_of=as_of)
    assert result.status == "imported", result.message
    assert result.snapshot is not None
    if compute:
        indicator_values_compute(snapshot=result.snapshot)
    return result.snapshot
