"""Uploading an Annex A through the page: progress, problems, rejection, team mapping."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.insight.models import (
    AnnexAImportJob,
    AnnexASnapshot,
    IndicatorRun,
    IndicatorValue,
    TeamNameMapping,
)
from assure.insight.selectors import team_matches
from tests.insight.annex_builders import write_csv_folder
from tests.insight.web.insight_web_helpers import import_snapshot, small_lists

pytestmark = pytest.mark.django_db


def upload(client: Any, path: Path, as_of: str = "2026-09-30", capture: Any = None) -> Any:
    with path.open("rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read()), "as_of": as_of}
    if capture is None:
        return client.post(reverse("insight:upload"), data)
    with capture(execute=True):
        return client.post(reverse("insight:upload"), data)


def test_upload_imports_in_the_background_and_reports(
    world: Any,
    var_dir: Path,
    workbook: Path,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for("qa_pdm")
    response = upload(client, workbook, capture=django_capture_on_commit_callbacks)
    job = AnnexAImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("insight:import-job", args=[job.pk])
    assert job.status == "imported" and job.progress == 100
    assert job.snapshot is not None and job.snapshot.as_of.isoformat() == "2026-09-30"
    assert IndicatorValue.objects.filter(run__snapshot=job.snapshot).exists()
    assert not (var_dir / "uploads" / "annex-a" / job.upload_path).exists()  # tidied away
    page = client.get(reverse("insight:import-job", args=[job.pk]))
    body = page.content.decode()
    assert "Imported" in body and "List 3" in body
    assert "refresh" not in body and "Refresh" not in page
    # The missing lists are reported in the problems table.
    assert "list not found" in body and 'scope="col"' in body
    assert job.report["status"] == "imported"
    assert AuditEvent.objects.filter(action="import", actor=world.user("qa_pdm")).exists()


def test_upload_zip_of_csv_lists(
    world: Any,
    var_dir: Path,
    tmp_path: Path,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    folder = write_csv_folder(tmp_path / "lists", small_lists())
    archive = tmp_path / "annex.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for csv_file in folder.iterdir():
            zipped.write(csv_file, f"export/{csv_file.name}")
        zipped.writestr("../../evil.csv", "x")
    upload(client_for("analyst"), archive, capture=django_capture_on_commit_callbacks)
    job = AnnexAImportJob.objects.get()
    assert job.status == "imported", job.message
    assert job.report["rows"]["List 3"] == 5
    assert not (tmp_path.parent / "evil.csv").exists()


def test_status_page_refreshes_itself_while_running(world: Any, client_for: Any) -> None:
    job = AnnexAImportJob.objects.create(
        as_of="2026-09-30",
        source_filename="a.xlsx",
        status="running",
        progress=40,
        message="Cleaning List 3 (5 rows)",
    )
    response = client_for("qa_pdm").get(reverse("insight:import-job", args=[job.pk]))
    body = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert response["Refresh"] == "2"
    assert "40% done" in body and "Cleaning List 3" in body
    assert "<script" not in body.replace(
        '<script type="module" src="/static/assure/init.js"></script>', ""
    )
    assert "style=" not in body


def test_rejected_upload_shows_what_to_fix_and_leaves_nothing(
    world: Any,
    var_dir: Path,
    tmp_path: Path,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "List 3"
    sheet.append(["Child Unique ID", "Referral NFA?", "Allocated Team"])
    sheet.append(["C1", "Yes", "A Family Support"])
    path = tmp_path / "broken.xlsx"
    book.save(path)
    client = client_for("qa_pdm")
    upload(client, path, capture=django_capture_on_commit_callbacks)
    job = AnnexAImportJob.objects.get()
    assert job.status == "rejected"
    body = client.get(reverse("insight:import-job", args=[job.pk])).content.decode()
    assert "govuk-error-summary" in body
    assert "nothing has been loaded" in body
    assert "Date of referral" in body and "required column missing" in body
    assert AnnexASnapshot.objects.count() == 0
    assert IndicatorValue.objects.count() == 0
    snapshots = var_dir / "snapshots"
    assert not snapshots.exists() or list(snapshots.iterdir()) == []


def test_not_a_workbook_is_rejected(
    world: Any,
    var_dir: Path,
    tmp_path: Path,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a workbook")
    upload(client_for("qa_pdm"), fake, capture=django_capture_on_commit_callbacks)
    job = AnnexAImportJob.objects.get()
    assert job.status == "rejected"
    assert AnnexASnapshot.objects.count() == 0


def test_wrong_kind_of_file_and_future_date_are_form_errors(
    world: Any, var_dir: Path, tmp_path: Path, client_for: Any
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    response = upload(client_for("qa_pdm"), text, as_of="2999-01-01")
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Excel workbook (.xlsx) or a zip" in body and "today or in the past" in body
    assert AnnexAImportJob.objects.count() == 0


def test_only_importers_upload(world: Any, client_for: Any) -> None:
    for role in ("director", "elected_member", "administrator", "practitioner"):
        assert client_for(role).get(reverse("insight:upload")).status_code == 403


def test_team_mapping_is_remembered_for_later_imports(
    snapshot: Any,
    client_for: Any,
    world: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for("qa_pdm")
    page = client.get(reverse("insight:team-mapping")).content.decode()
    assert "Old Name Team" in page and "Names that match no team (2)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("insight:team-mapping"), {"name": "Old Name Team", "team": world.team_eh.pk}
        )
    assert response.status_code == 302
    mapping = TeamNameMapping.objects.get()
    assert mapping.team == world.team_eh and mapping.key == "old name team"
    assert AuditEvent.objects.filter(
        action="create", object_type="insight.teamnamemapping"
    ).exists()
    # The stored figures were recomputed: early help now has the mapped team's referral.
    run = IndicatorRun.objects.get(snapshot=snapshot)
    assert (
        IndicatorValue.objects.get(
            run=run, indicator="referrals", level="service", unit="Early help"
        ).numerator
        == 1
    )
    # A later file spelling it differently is matched by the remembered mapping.
    later = write_csv_folder(tmp_path / "later", small_lists(extra_team="OLD  name\xa0team"))
    newer = import_snapshot(later, as_of=snapshot.as_of)
    names = {m.name: m for m in team_matches(newer.indicator_run)}
    assert names["OLD name team"].team == world.team_eh
    assert names["OLD name team"].mapped_by_hand
    # Forgetting it is audited too.
    client.post(reverse("insight:team-mapping"), {"name": "Old Name Team", "team": ""})
    assert TeamNameMapping.objects.count() == 0
    assert AuditEvent.objects.filter(
        action="delete", object_type="insight.teamnamemapping"
    ).exists()


def test_who_may_map_teams(snapshot: Any, client_for: Any, world: Any) -> None:
    """Only those who see every team's children map names: a mapping decides whose figures
    a team is shown. (Administrators and analysts, who see no child, could once map.)"""
    qa = client_for("qa_pdm")
    assert "Map it to" in qa.get(reverse("insight:team-mapping")).content.decode()
    qa.post(reverse("insight:team-mapping"), {"name": "Old Name Team", "team": world.team_b.pk})
    assert TeamNameMapping.objects.get().team == world.team_b
    for role in ("administrator", "analyst", "practitioner", "team_manager"):
        client = client_for(role)
        assert "Map it to" not in client.get(reverse("insight:team-mapping")).content.decode()
        response = client.post(
            reverse("insight:team-mapping"), {"name": "Old Name Team", "team": world.team_a.pk}
        )
        assert response.status_code == 403, role
        assert TeamNameMapping.objects.get().team == world.team_b
