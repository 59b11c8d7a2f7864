"""Insight's security findings, each pinned: who sees which children, small numbers,
workbook bombs and private files."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assure.insight.annex_a import sources
from assure.insight.models import TeamNameMapping, snapshots_root
from assure.insight.policy import team_figures
from assure.insight.services import snapshot_import
from assure.insight.tasks import uploads_root
from assure.insight.team_mapping import team_mapping_save
from tests.insight.web.insight_web_helpers import (
    D,
    import_snapshot,
    referral,
    small_lists,
    write_csv_folder,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def children_url(world: Any, team: str = "team_a", indicator: str = "referrals") -> str:
    return reverse(
        "insight:indicator-children",
        kwargs={"indicator_id": indicator, "team_id": getattr(world, team).pk},
    )


@pytest.fixture
def misfiled(world: Any, var_dir: Path, tmp_path: Path) -> Any:
    """An Annex A whose team and worker names disagree with Assure's own allocation.

    REF-OTHER_AREA is team B's case in Assure but filed under team A; REF-TEAM is team A's
    case (allocated to the other practitioner) filed under team B with the practitioner's
    name as its worker; REF-OWN is the practitioner's own case, filed under someone else.
    """
    lists = {
        3: [
            referral("REF-OTHER_AREA", "A Family Support", "Someone Else"),
            referral("REF-TEAM", "B Family Support", "Practitioner Tester"),
            referral("REF-OWN", "A Family Support", "Someone Else"),
            referral("REF-NOT-IN-ASSURE", "A Family Support", "Practitioner Tester"),
        ]
    }
    return import_snapshot(write_csv_folder(tmp_path / "misfiled", lists))


def test_team_manager_sees_the_children_assure_allocates_to_the_team(
    misfiled: Any, client_for: Any, world: Any
) -> None:
    body = client_for("team_manager").get(children_url(world)).content.decode()
    assert "REF-TEAM" in body and "REF-OWN" in body
    # Filed under team A, but team B's case in Assure; or not known to Assure at all.
    assert "REF-OTHER_AREA" not in body and "REF-NOT-IN-ASSURE" not in body


def test_practitioner_sees_own_cases_never_a_name_match(
    misfiled: Any, client_for: Any, world: Any
) -> None:
    body = client_for("practitioner").get(children_url(world)).content.decode()
    assert "REF-OWN" in body
    # The file puts the practitioner's name against these: Assure does not.
    assert "REF-TEAM" not in body and "REF-NOT-IN-ASSURE" not in body


def test_a_mapping_cannot_redirect_whose_children_a_manager_sees(
    misfiled: Any, client_for: Any, world: Any
) -> None:
    # Even the QA unit's mapping of team B's name to team A shows no team B child.
    team_mapping_save(actor=world.user("qa_pdm"), name="B Family Support", team=world.team_a)
    body = client_for("team_manager").get(children_url(world)).content.decode()
    assert "REF-OTHER_AREA" not in body


@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_those_who_see_no_child_may_not_map_team_names(world: Any, role: str) -> None:
    assert not team_figures.may_map_teams(world.user(role))
    with pytest.raises(PermissionDenied):
        team_mapping_save(actor=world.user(role), name="B Family Support", team=world.team_a)
    assert not TeamNameMapping.objects.exists()
    assert team_figures.may_map_teams(world.user("qa_manager"))


# ------------------------------------------------------------------ small numbers


def test_elected_members_and_analysts_see_no_small_team_count(
    snapshot: Any, client_for: Any
) -> None:
    for role in ("elected_member", "analyst"):
        client = client_for(role)
        rows = client.get("/api/v1/indicators", {"indicator": "referrals"}).json()
        la = next(r for r in rows if r["level"] == "la")
        assert (la["numerator"], la["value"], la["suppressed"]) == (5, 5, False)
        below = [r for r in rows if r["level"] != "la"]
        assert below and all(r["value"] is None or r["value"] == 0 for r in below), role
        small = [r for r in below if r["suppressed"]]
        assert {r["level"] for r in small} >= {"team", "district"}
        assert all(r["numerator"] is None for r in small)
        page = client.get(reverse("insight:indicator", args=["referrals_nfa_pct"]))
        text = page.content.decode()
        assert "fewer than 5" in text and "Withheld" in text
        assert "50.0" not in text  # team A's 1 of 2
        export = client.get(reverse("insight:export-indicators"), {"format": "csv"})
        lines = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
        for line in lines:
            if line["level"] != "la":
                assert line["numerator"] in ("", "0") and line["value"] in ("", "0", "0.0")


def test_those_who_see_children_see_the_small_counts(snapshot: Any, client_for: Any) -> None:
    rows = (
        client_for("team_manager")
        .get("/api/v1/indicators", {"indicator": "referrals", "level": "team"})
        .json()
    )
    team_a = next(r for r in rows if r["unit"] == "A Family Support")
    assert (team_a["numerator"], team_a["value"], team_a["suppressed"]) == (2, 2, False)


def test_team_trends_withhold_small_numbers(snapshot: Any, client_for: Any) -> None:
    query = {"scope": "team:A Family Support"}
    url = reverse("insight_report:trend", args=["referrals"])
    member = client_for("elected_member").get(url, query).content.decode()
    director = client_for("director").get(url, query).content.decode()
    # One month of team A's 2 referrals: the director's chart has it, the member's none.
    assert "too few values for process limits" in director
    assert "no monthly values yet" in member


# ------------------------------------------------------------------ files


def test_a_workbook_that_inflates_past_the_limit_is_refused_unread(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "annex-a.xlsx", small_lists(formula=False))
    block = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(book, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as padding,
    ):
        for _ in range(sources.MAX_XLSX_UNZIPPED_BYTES // len(block) + 1):
            padding.write(block)
    assert book.stat().st_size < 2 * 1024 * 1024  # a small file on disk
    result = snapshot_import(path=book)
    assert result.status == "rejected"
    assert "200 MB" in result.message and "unpacks to" in result.message


def test_snapshot_files_are_readable_by_the_service_only(
    world: Any, var_dir: Path, csv_folder: Path
) -> None:
    old = os.umask(0o022)  # a permissive umask: the modes must not depend on it
    try:
        snapshot = import_snapshot(csv_folder)
    finally:
        os.umask(old)
    found = [snapshots_root(), *snapshot.directory.rglob("*"), snapshot.directory]
    assert len(found) > 3
    for path in found:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


def test_uploads_are_readable_by_the_service_only(
    world: Any, var_dir: Path, workbook: Path, client_for: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assure.insight.tasks import import_job_create

    old = os.umask(0o022)
    try:
        job = import_job_create(
            actor=world.user("qa_pdm"),
            upload=SimpleUploadedFile("annex-a.xlsx", workbook.read_bytes()),
            as_of=D,
        )
    finally:
        os.umask(old)
    upload = uploads_root() / job.upload_path
    assert stat.S_IMODE(upload.stat().st_mode) == 0o600
    assert stat.S_IMODE(upload.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(uploads_root().stat().st_mode) == 0o700
