"""`assure import structure|staff PATH [--dry-run]`: the pages' imports on the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assure.cli import translate
from assure.core.models import AuditEvent
from assure.org.models import Team, User
from tests.conftest import World

STRUCTURE = (
    "area,district,service,service_kind,team\n"
    "North,District A,Children's social work,childrens_social_work,A New Team\n"
)
STAFF = (
    "username,first_name,last_name,email,job_title,team,role,role_anchor\n"
    "n.member,Nia,Member,n.member@example.org,Councillor,,elected_member,\n"
)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_org", *args, stdout=out)
    return out.getvalue()


def test_the_two_words_reach_one_command() -> None:
    assert translate(["import", "staff", "x.csv", "--dry-run"]) == [
        "import_org",
        "staff",
        "x.csv",
        "--dry-run",
    ]
    assert translate(["import", "cases", "x.csv"]) == ["import_cases", "x.csv"]


@pytest.mark.django_db
def test_a_dry_run_reports_and_saves_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "structure.csv"
    path.write_text(STRUCTURE)
    before = AuditEvent.objects.count()
    printed = run("structure", str(path), "--dry-run")
    assert printed.startswith("Dry run, nothing saved; it would create")
    assert not Team.objects.filter(name="A New Team").exists()
    assert AuditEvent.objects.count() == before
    printed = run("structure", str(path))
    assert printed.startswith("Loaded") and Team.objects.filter(name="A New Team").exists()


@pytest.mark.django_db
def test_staff_load_in_the_administrators_name(world: World, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF)
    run("staff", str(path), "--as", world.user("administrator").username)
    assert User.objects.filter(username="n.member").exists()
    with pytest.raises(CommandError, match="not an active administrator"):
        run("staff", str(path), "--as", world.user("practitioner").username)


@pytest.mark.django_db
def test_a_bad_file_names_its_rows_and_loads_nothing(world: World, tmp_path: Path) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF.replace("elected_member", "emperor"))
    with pytest.raises(CommandError, match=r"Row 2, column role"):
        run("staff", str(path))
    assert not User.objects.filter(username="n.member").exists()
