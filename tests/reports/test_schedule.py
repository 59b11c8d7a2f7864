"""The reporting schedule: Appendix B as data, due dates, reminders once, and packs made."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from docx import Document

from assure.core.models import Notification
from assure.reports.models import ReportProduction, ScheduledReport
from assure.reports.schedule import periods, schedule_remind, schedule_rows
from tests.conftest import World
from tests.ux.test_benchmarks import report_snapshot  # noqa: F401  (fixture)


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def row(key: str) -> Any:
    return next(r for r in schedule_rows() if r.report.key == key)


def test_appendix_b_is_the_schedule(db: Any) -> None:
    reports = ScheduledReport.objects.filter(from_appendix_b=True)
    assert reports.count() == 13
    assert set(reports.values_list("cadence", flat=True)) == {
        "daily",
        "bimonthly",
        "quarterly",
        "triannual",
        "annual",
    }
    assert not reports.filter(title__icontains="kent").exists()  # no real council's name


def test_periods_and_due_dates() -> None:
    assert periods.parse("quarterly", "2027-Q2").starts_on == date(2027, 4, 1)
    assert periods.parse("bimonthly", "2027-03").ends_before == date(2027, 5, 1)
    assert periods.period_containing("triannual", date(2027, 8, 31)).key == "2027-T2"
    t1 = periods.parse("triannual", "2027-T1")
    assert periods.due_on("triannual", t1, due_days=15, due_month=None) == date(2027, 5, 16)
    year = periods.parse("annual", "2027")
    assert periods.due_on("annual", year, due_days=15, due_month=10) == date(2028, 10, 31)


def test_the_next_due_moves_on_once_produced(world: World) -> None:
    assert (row("triannual-report").period.key, row("triannual-report").next_due) == (
        "2027-T1",
        date(2027, 5, 16),
    )
    report = ScheduledReport.objects.get(key="triannual-report")
    ReportProduction.objects.create(
        report=report,
        period="2027-T1",
        produced_at=at("2027-05-12T10:00"),
        produced_by=world.user("qa_pdm"),
    )
    moved = row("triannual-report")
    assert (moved.period.key, moved.last_produced) == ("2027-T2", date(2027, 5, 12))
    assert row("front-door").next_due is None  # a live dashboard is not scheduled


def test_owners_are_reminded_once_within_five_working_days(world: World) -> None:
    owner = world.user("qa_pdm")
    ScheduledReport.objects.filter(key="triannual-report").update(owner=owner)
    assert schedule_remind(at("2027-05-03T09:00")) == 0  # 16 May is 9 working days off
    assert schedule_remind(at("2027-05-10T09:00")) == 1  # within 5 working days
    assert schedule_remind(at("2027-05-11T09:00")) == 0  # once per due date
    note = Notification.objects.get(user=owner, kind="report_due")
    assert note.text == "Children and Families report is due on 16 May 2027"


def test_the_command_reminds(world: World) -> None:
    ScheduledReport.objects.filter(key="audit-summary").update(owner=world.user("qa_pdm"))
    out = io.StringIO()
    call_command("schedule_remind", "--now", "2027-05-14T09:00", stdout=out)
    assert "Reminders sent: 1." in out.getvalue()


def test_the_api_lists_and_makes(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api = client_for("director")
    listed = api.get("/api/v1/reports/schedule").json()
    first = next(r for r in listed if r["id"] == "triannual-report")
    assert first == {
        "id": "triannual-report",
        "title": "Children and Families report",
        "purpose": first["purpose"],
        "audience": "Divisional management team",
        "cadence": "triannual",
        "owner": None,
        "next_due": "2027-05-16",
        "next_period": "2027-T1",
        "last_produced": None,
        "generated": True,
    }
    bad = api.post(
        "/api/v1/reports/placement-programme/generate",
        {"period": "2027-T1"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "period" in str(bad.json()["detail"])
    assert (
        api.post(
            "/api/v1/reports/nothing/generate", {"period": "2027"}, content_type="application/json"
        ).status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(
            "/api/v1/reports/placement-programme/generate",
            {"period": "2027-Q1"},
            content_type="application/json",
        )
    assert made.status_code == 202
    task = api.get(f"/api/v1/tasks/{made.json()['task']}").json()
    assert task["status"] == "done", task
    pack = Document(io.BytesIO(api.get(task["document"]).content))
    headings = [p.text for p in pack.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Placements",
        "Care leavers' outcomes",
        "Performance and benchmarks",
        "Actions and their impact",
        "Commentary",
    ]
    assert row("placement-programme").period.key == "2027-Q2"


def test_the_pages(world: World, client_for: Any) -> None:
    page = client_for("director").get("/reports/").content.decode()
    assert "Children and Families report" in page and "16 May 2027" in page
    qa = client_for("qa_pdm")
    added = qa.post(
        "/reports/add/",
        {
            "title": "Missing children report",
            "purpose": "Children missing from home and care, and return interviews.",
            "audience": "Service managers",
            "cadence": "monthly",
            "owner": world.user("qa_pdm").username,
        },
    )
    assert added.status_code == 302
    report = ScheduledReport.objects.get(title="Missing children report")
    assert report.owner == world.user("qa_pdm") and not report.from_appendix_b
    refused = qa.post("/reports/add/", {"title": ""})
    assert "There is a problem" in refused.content.decode()
    assert client_for("director").get("/reports/add/").status_code == 403


def test_a_pack_carries_the_annex_a_figures_of_its_period(
    world: World,
    report_snapshot: Any,  # noqa: F811
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The front door (a live dashboard, made for a month when asked) gets the extract's
    contacts and referrals; a period before any extract says so."""
    api = client_for("director")
    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(
            "/api/v1/reports/front-door/generate",
            {"period": "2026-10"},
            content_type="application/json",
        )
    task = api.get(f"/api/v1/tasks/{made.json()['task']}").json()
    assert task["status"] == "done", task
    pack = Document(io.BytesIO(api.get(task["document"]).content))
    headings = [p.text for p in pack.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Volumes and rates", "Sources of contacts and referrals", "Timeliness"]
    texts = [p.text for p in pack.paragraphs]
    assert any("From the Annex A extract as at 30 September 2026" in t for t in texts)
    with django_capture_on_commit_callbacks(execute=True):
        early = api.post(
            "/api/v1/reports/adoption/generate",
            {"period": "2025"},
            content_type="application/json",
        )
    task = api.get(f"/api/v1/tasks/{early.json()['task']}").json()
    texts = [p.text for p in Document(io.BytesIO(api.get(task["document"]).content)).paragraphs]
    assert "No Annex A extract was taken by the end of this period." in texts
