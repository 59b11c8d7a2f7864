"""`assure import feedback PATH --channel C`: whole file or nothing, problems by row and column."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from assure.authority.csv_templates import template_csv
from assure.core import clock
from assure.core.models import AuditEvent
from assure.feedback.importer import COLUMNS, feedback_import
from assure.feedback.models import FeedbackItem
from tests.conftest import World

pytestmark = pytest.mark.django_db
HEADER = "received_on,text,team,district,rating,themes,response\n"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with clock.frozen(date(2026, 10, 5)):
        yield


def test_a_good_file_loads_whole(world: World, tmp_path: Path) -> None:
    path = tmp_path / "complaints.csv"
    path.write_text(
        HEADER
        + "2026-09-01,Nobody called back.,A Family Support,,2,Communication;Timeliness,"
        + "We now call back within a day.\n"
        + "\n"
        + '15/09/2026,"Lovely, kind worker.",,District B,,,\n',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_feedback", str(path), "--channel", "complaint", stdout=out)
    assert "Imported 2 pieces of feedback" in out.getvalue()
    first, second = FeedbackItem.objects.order_by("received_on")
    assert first.channel == "complaint" and first.rating == 2 and first.team == world.team_a
    assert first.district == world.district_a and first.themes_confirmed
    assert sorted(t.name for t in first.themes.all()) == ["Communication", "Timeliness"]
    assert first.response == "We now call back within a day."
    assert second.received_on == date(2026, 9, 15) and second.district == world.district_b
    assert "Respect and kindness" in {t.name for t in second.themes.all()}  # suggested
    assert (
        AuditEvent.objects.filter(action="import", object_type="feedback.feedbackitem").count() == 2
    )


def test_every_problem_is_named_by_row_and_column_and_nothing_loads(world: World) -> None:
    data = (
        HEADER
        + "2026-09-01,Fine.,,,3,,\n"
        + "2026-13-01,Fine.,,,3,,\n"
        + "01/09/2026,,Nowhere Team,,9,,\n"
        + "2027-01-01,Fine.,,Atlantis,,,\n"
    )
    result = feedback_import(actor=None, data=data, channel="staff_survey")
    assert result.status == "rejected"
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (3, "received_on"),
        (4, "text"),
        (4, "team"),
        (4, "rating"),
        (5, "received_on"),
        (5, "district"),
    }
    assert not FeedbackItem.objects.exists()


def test_missing_and_unknown_columns_are_named_in_row_one(world: World) -> None:
    result = feedback_import(actor=None, data="text,ratng\nFine.,4\n", channel="staff")
    assert {(p.row, p.column) for p in result.problems} == {(1, "received_on"), (1, "ratng")}


def test_a_file_naming_no_known_channel_is_refused(world: World, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "2026-09-01,Fine.,,,,,\n")
    with pytest.raises(CommandError):
        call_command("import_feedback", str(path), "--channel", "gossip")
    with pytest.raises(CommandError, match="Nothing was imported"):
        path.write_text(HEADER + "2026-09-01,,,,,,\n")
        call_command("import_feedback", str(path), "--channel", "staff", stderr=io.StringIO())
    assert not FeedbackItem.objects.exists()


def test_the_csv_template_matches_and_loads_once_its_example_is_replaced(world: World) -> None:
    text = template_csv("feedback") or ""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    lines = text.splitlines()
    lines[1] = "31/08/2026,The social worker listened to us.,A Family Support,District A,5,,"
    result = feedback_import(actor=None, data="\n".join(lines), channel="parent_carer")
    assert result.status == "imported" and result.created == 1, result.problems


def test_help_lists_the_columns() -> None:
    env = {**os.environ, "ASSURE_ENV": "test", "PYTHONPATH": "src"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    shown = subprocess.run(
        [sys.executable, "-m", "assure.cli", "import", "feedback", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0
    flat = " ".join(shown.stdout.split())
    for column in COLUMNS:
        assert column in flat
    assert "--channel" in flat and "independent_visitor" in flat
