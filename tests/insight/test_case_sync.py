"""The newest Annex A opens, moves and closes Assure's cases (annex-a.md, contract.md)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from assure.core.models import AuditEvent
from assure.insight.case_sync import age_band, cases_sync
from assure.insight.services import snapshot_import
from assure.org.models import Case
from tests.conftest import World
from tests.insight.annex_builders import write_csv_folder

AS_OF = date(2026, 9, 30)
CID = "Child Unique ID"


def lists() -> dict[int, list[dict[str, object]]]:
    return {
        6: [
            {
                CID: "N-CIN",
                "CIN Start Date": "01/05/2026",
                "Age of Child (Years)": "7.31",
                "Allocated Team": "A  family\xa0support",
                "Allocated Worker": "Practitioner Tester",
            },
            {
                CID: "N-ENDED",
                "CIN Start Date": "01/03/2026",
                "CIN Closure Date": "01/06/2026",
                "Age of Child (Years)": "4",
                "Allocated Team": "A Family Support",
            },
            # Assure's own case of REF-TEAM, still open in the extract: it stays open.
            {
                CID: "REF-TEAM",
                "CIN Start Date": "01/01/2026",
                "Age of Child (Years)": "9",
                "Allocated Team": "A Family Support",
            },
        ],
        7: [
            {
                CID: "N-UNMAPPED",
                "Child Protection Plan Start Date": "01/07/2026",
                "Age of Child (Years)": "3",
                "Allocated Team": "A Team Nobody Mapped",
            },
        ],
        8: [
            # In care and on the CIN list too: the period of care decides the case type.
            {
                CID: "N-CIN",
                "Date Started to be Looked After": "01/08/2026",
                "Age of Child (Years)": "7",
                "Allocated Team": "A Family Support",
                "Allocated Worker": "Practitioner Tester",
            },
            {
                CID: "N-CIC",
                "Date Started to be Looked After": "01/02/2026",
                "Age of Child (Years)": "16.9",
                "Allocated Team": "B Family Support",
                "Allocated Worker": "Someone Not In Assure",
            },
        ],
    }


def imported(tmp_path: Path, as_of: date, name: str = "in") -> object:
    result = snapshot_import(path=write_csv_folder(tmp_path / name, lists()), as_of=as_of)
    assert result.status == "imported", result.message
    return result.snapshot


@pytest.mark.django_db
def test_the_newest_extract_opens_moves_and_closes_cases(world: World, tmp_path: Path) -> None:
    open_before = set(
        Case.objects.filter(closed_on__isnull=True).values_list("child__reference", flat=True)
    )
    snapshot = imported(tmp_path, AS_OF)
    # A decimal age (a formula's 7.31, 16.9) is read as whole years, not reported.
    ages = [p for p in snapshot.problems if "Age" in str(p["column"])]  # type: ignore[attr-defined]
    assert ages == []
    sync = cases_sync(snapshot=snapshot, imported_by="qa_pdm")  # type: ignore[arg-type]
    assert sync.report is not None and sync.report.ok
    assert sorted(sync.report.opened) == ["N-CIC", "N-CIN"]
    assert sync.unmatched_team == 1  # N-UNMAPPED: its team is not matched, so left alone
    n_cin = Case.objects.get(child__reference="N-CIN")
    assert n_cin.case_type == Case.Type.CIC and n_cin.team == world.team_a
    assert n_cin.allocated_worker == world.user("practitioner")
    assert n_cin.child.age_band == "5_9"
    n_cic = Case.objects.get(child__reference="N-CIC")
    assert n_cic.team == world.team_b and n_cic.allocated_worker is None
    assert not Case.objects.filter(child__reference="N-ENDED").exists()
    # Assure's open child-in-need cases that no list holds any more have closed.
    still_listed = {"REF-TEAM"}
    closed = set(sync.report.closed)
    assert closed == {r for r in open_before if r not in still_listed}
    assert Case.objects.get(child__reference="REF-TEAM").closed_on is None
    event = AuditEvent.objects.filter(summary__contains="Loaded cases from Annex A").get()
    assert "imported by qa_pdm" in event.summary


@pytest.mark.django_db
def test_an_older_extract_changes_no_case(world: World, tmp_path: Path) -> None:
    newer = imported(tmp_path, AS_OF, "newer")
    cases_sync(snapshot=newer)  # type: ignore[arg-type]
    before = list(Case.objects.order_by("pk").values_list("pk", "team", "closed_on"))
    older = imported(tmp_path, date(2026, 8, 31), "older")
    assert cases_sync(snapshot=older).report is None  # type: ignore[arg-type]
    assert list(Case.objects.order_by("pk").values_list("pk", "team", "closed_on")) == before


@pytest.mark.django_db
def test_the_command_line_import_reports_what_the_cases_did(world: World, tmp_path: Path) -> None:
    out = io.StringIO()
    folder = write_csv_folder(tmp_path / "cli", lists())
    call_command("import_annex_a", str(folder), "--as-of", AS_OF.isoformat(), stdout=out)
    text = out.getvalue()
    assert "Cases: 2 opened" in text
    assert "1 open children left alone" in text


def test_ages_fall_in_the_bands_assure_keeps() -> None:
    assert [age_band(a) for a in (0.4, 1, 4.99, 5, 15.2, 16, 17.9, 18, 25)] == [
        "under_1",
        "1_4",
        "1_4",
        "5_9",
        "10_15",
        "16_17",
        "16_17",
        "18_plus",
        "18_plus",
    ]
    assert age_band(None) is None
