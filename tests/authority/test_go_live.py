"""From nothing to live, following the README's steps on an empty database (no demo).

Setup; the first administrator signs in; structure and staff from the templates;
the first approver lets the QA unit see children's records; an invited member
of the QA unit sets a password and signs in; an Annex A extract is imported and
its open children become cases in the right teams; the first sample is drawn
from them. Every step goes through the pages, the command line or the API, as
a council's people would take it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from assure.authority.guide import setup_steps
from assure.org.models import Case, RoleRequest
from tests.insight.annex_builders import write_csv_folder

LINK = re.compile(r"/account/set-password/([\w-]+)/")
CID = "Child Unique ID"


def filled(template: str, rows: list[list[str]]) -> bytes:
    """A downloaded template with its example row replaced by `rows` (its notes kept)."""
    lines = list(csv.reader(io.StringIO(template.lstrip("\ufeff"))))
    out = io.StringIO()
    csv.writer(out).writerows([lines[0], *rows, *lines[2:]])
    return out.getvalue().encode()


def import_file(admin: Client, kind: str, data: bytes) -> Any:
    """Upload, read the preview, confirm: as an administrator does on the page."""
    checked = admin.post(
        "/admin/import/", {"kind": kind, "file": SimpleUploadedFile(f"{kind}.csv", data)}
    )
    assert checked.status_code == 200 and checked.context["token"], checked.content[:2000]
    return admin.post("/admin/import/", {"kind": kind, "confirm": checked.context["token"]})


def set_password(token: str, password: str) -> None:
    response = Client().post(
        f"/account/set-password/{token}/", {"password": password, "again": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def signed_in(username: str, password: str) -> Client:
    browser = Client()
    response = browser.post("/sign-in/", {"username": username, "password": password})
    assert response.status_code == 302, (username, response.status_code)
    return browser


@pytest.mark.django_db
@pytest.mark.slow
def test_a_council_goes_live(
    tmp_path: Path, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # 1. Setup on the server: the authority, its first administrator and first approver.
    monkeypatch.setattr("sys.stdin", io.StringIO("an-admin-password-2027\n"))
    out = io.StringIO()
    call_command(
        "setup",
        "--authority",
        "Kent County Council",
        "--la-code",
        "886",
        "--admin",
        "k.admin",
        "--email",
        "k.admin@kent.example",
        "--password-stdin",
        "--approver",
        "q.manager",
        "q.manager@kent.example",
        "qa_manager",
        stdout=out,
    )
    approver_token = LINK.search(out.getvalue()).group(1)  # type: ignore[union-attr]

    # 2. The administrator signs in and loads the structure from its template.
    admin = signed_in("k.admin", "an-admin-password-2027")
    assert "Kent County Council" in admin.get("/").content.decode()
    structure = filled(
        admin.get("/admin/import/templates/structure.csv").content.decode(),
        [
            [
                "North",
                "Ashford",
                "Children's social work",
                "childrens_social_work",
                "Ashford Family Support",
            ],
            [
                "North",
                "Canterbury",
                "Children's social work",
                "childrens_social_work",
                "Canterbury Children in Care",
            ],
            ["", "", "Quality assurance", "qa_unit", "Quality Assurance Unit"],
        ],
    )
    assert import_file(admin, "structure", structure).status_code == 302

    # 3. Staff from their template: the QA unit's role waits for a second person.
    staff = filled(
        admin.get("/admin/import/templates/staff.csv").content.decode(),
        [
            [
                "q.pdm",
                "Pat",
                "Dee",
                "q.pdm@kent.example",
                "Practice development manager",
                "Quality Assurance Unit",
                "qa_pdm",
                "",
            ],
            [
                "a.worker",
                "Ash",
                "Worker",
                "a.worker@kent.example",
                "Social worker",
                "Ashford Family Support",
                "practitioner",
                "",
            ],
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(admin, "staff", staff).status_code == 302
    pending = list(RoleRequest.objects.filter(status=RoleRequest.Status.PENDING))
    assert {r.person.username for r in pending} == {"q.pdm", "a.worker"}

    # 4. The first approver sets a password and approves.
    set_password(approver_token, "an-approver-password-2027")
    approver = signed_in("q.manager", "an-approver-password-2027")
    for request in pending:
        with django_capture_on_commit_callbacks(execute=True):
            decided = approver.post(
                f"/admin/role-requests/{request.pk}/decide/",
                {
                    f"r{request.pk}-decision": "approve",
                    f"r{request.pk}-note": "",
                    f"r{request.pk}-version": request.version,
                },
            )
        assert decided.status_code == 302, decided.content.decode()[:1500]

    # 5. The administrator invites the QA unit's member, who sets a password.
    with django_capture_on_commit_callbacks(execute=True):
        person = RoleRequest.objects.get(person__username="q.pdm").person
        assert admin.post(f"/admin/people/{person.pk}/invite/").status_code == 302
    token = LINK.search(mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    set_password(token, "a-qa-password-2027")
    qa = signed_in("q.pdm", "a-qa-password-2027")

    # 6. The first Annex A: its open children become cases in their teams.
    folder = write_csv_folder(
        tmp_path / "annex",
        {
            6: [
                {
                    CID: f"K{n:05d}",
                    "CIN Start Date": "01/06/2027",
                    "Age of Child (Years)": f"{3 + n % 12}.4",
                    "Allocated Team": "ASHFORD FAMILY SUPPORT",
                    "Allocated Worker": "Ash Worker",
                }
                for n in range(12)
            ],
            8: [
                {
                    CID: f"C{n:05d}",
                    "Date Started to be Looked After": "01/03/2027",
                    "Age of Child (Years)": "11",
                    "Allocated Team": "Canterbury Children in Care",
                }
                for n in range(6)
            ],
        },
    )
    call_command("import_annex_a", str(folder), "--as-of", "2027-08-31", stdout=io.StringIO())
    ashford = Case.objects.filter(team__name="Ashford Family Support", closed_on__isnull=True)
    assert ashford.count() == 12
    assert {c.allocated_worker.username for c in ashford} == {"a.worker"}  # type: ignore[union-attr]
    assert Case.objects.filter(team__name="Canterbury Children in Care").count() == 6

    # 7. The QA unit starts the first cycle and draws its sample from those cases.
    cycle = qa.post(
        "/api/v1/cycles",
        {"year": 2027, "number": 3, "starts_on": "2027-09-01"},
        content_type="application/json",
    )
    assert cycle.status_code == 201, cycle.content
    sample = qa.post(
        f"/api/v1/cycles/{cycle.json()['id']}/samples",
        {"size": 6, "seed": 11},
        content_type="application/json",
    )
    assert sample.status_code == 201, sample.content
    refs = sample.json()["cases"]
    assert refs and all(r[0] in "KC" for r in refs)

    steps = {s.key: s.done for s in setup_steps()}
    assert steps == {
        "authority": True,
        "structure": True,
        "staff": True,
        "sign_in": True,
        "annex_a": True,
        "teams_matched": True,
        "first_sample": True,
    }, steps
