"""The triannual report: its periods, its figures from the period's records, its documents."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from assure.audits import services
from assure.audits.models import Audit
from assure.core import clock
from assure.core.errors import InvalidInput
from assure.core.models import AuditEvent
from assure.instruments.engine import tool_as_api
from assure.reports.triannual import HEADINGS, Period, TriannualContext, build, triannual_docx
from assure.reports.triannual.documents import triannual_html
from tests.audits.conftest import allocated, answer_everything, cycle  # noqa: F401
from tests.conftest import World


def test_periods() -> None:
    t3 = Period.parse("2026-T3")
    assert (t3.starts_on, t3.ends_before) == (date(2026, 9, 1), date(2027, 1, 1))
    assert t3.label == "T3 2026, September to December 2026"
    assert Period.parse("2027-T1").previous() == t3
    assert t3.year_before() == Period(2025, 3)
    assert Period.containing(date(2026, 4, 30)) == Period(2026, 1)
    assert Period.containing(date(2026, 5, 1)) == Period(2026, 2)
    with pytest.raises(InvalidInput) as refused:
        Period.parse("2026-T4")
    assert "YYYY-TN" in refused.value.errors["period"]


@pytest.fixture
def finalised(world: World, allocated: Audit) -> Audit:  # noqa: F811
    """One audit graded outstanding, changed to good at moderation, finalised on 15 October 2026."""
    auditor, moderator = world.user("team_manager"), world.user("service_manager")
    with clock.frozen(datetime(2026, 10, 15, 10)):
        audit = services.audit_save_draft(
            actor=auditor,
            audit_id=allocated.pk,
            version=allocated.version,
            responses=answer_everything(tool_as_api(allocated.tool.parsed)),
        )
        audit = services.audit_submit(
            actor=auditor, audit_id=audit.pk, version=audit.version, grade="outstanding"
        )
        audit = services.moderation_record(
            actor=moderator,
            audit_id=audit.pk,
            version=audit.version,
            decision="change",
            grade="good",
            reason="The plan lacks timescales",
        )
        audit.refresh_from_db()
        return services.audit_finalise(actor=moderator, audit_id=audit.pk, version=audit.version)


def _table(section: Any) -> dict[str, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in section.tables[0].rows}


def test_an_audit_counts_in_the_period_it_was_finalised(finalised: Audit) -> None:
    report = build(TriannualContext(Period(2026, 3)))
    audits = next(s for s in report.sections if s.key == "audits")
    rows = _table(audits)
    assert rows["Audits finalised"] == (1, 0, 0)  # this period, previous, a year before
    assert rows["Grade changed at moderation"] == (1, 0, 0)
    assert rows["Graded good (%)"] == (100.0, None, None)
    assert audits.charts and audits.charts[0].rows[1] == ("Good", 1)
    themes = audits.tables[1]
    assert themes.headers == ("Theme", "Phrase", "Answers using it")
    assert ("Practice strengths", "visits were purposeful", 6) in themes.rows
    earlier = build(TriannualContext(Period(2026, 2)))
    rows = _table(next(s for s in earlier.sections if s.key == "audits"))
    assert rows["Audits finalised"] == (0, 0, 0)


def test_the_public_version_hides_small_counts(finalised: Audit) -> None:
    report = build(TriannualContext(Period(2026, 3), public=True))
    audits = next(s for s in report.sections if s.key == "audits")
    assert _table(audits)["Audits finalised"][0] == "fewer than 5"
    assert len(audits.tables) == 1  # no phrases from what auditors wrote
    assert audits.charts[0].rows[1] == ("Good", None)  # a bar of fewer than 5 is left out


def test_every_heading_of_the_contract_is_there_in_order(world: World) -> None:
    report = build(TriannualContext(Period(2026, 3)))
    assert [s.title for s in report.sections][: len(HEADINGS)] == [t for _k, t, _o in HEADINGS]
    not_held = next(s for s in report.sections if s.key == "communities")
    assert not_held.is_empty and "does not record" in not_held.empty_text


def test_the_word_file_has_heading_styles_and_the_figures(finalised: Audit) -> None:
    report = build(TriannualContext(Period(2026, 3)))
    doc = Document(io.BytesIO(triannual_docx(report)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "Contents"
    assert headings[1:] == [t for _k, t, _o in HEADINGS]
    header = doc.sections[0].header.paragraphs[0].text
    assert "OFFICIAL" in header
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Audits finalised" in cells


def test_the_html_is_one_accessible_page(world: World) -> None:
    html = triannual_html(build(TriannualContext(Period(2026, 3))))
    assert '<html lang="en-GB">' in html
    for _key, title, _order in HEADINGS:
        assert f">{title.replace(chr(39), '&#x27;')}</h2>" in html
    assert "<caption>" in html and 'scope="col"' in html


def test_the_command_writes_the_file_and_the_trail(world: World, tmp_path: Path) -> None:
    out = tmp_path / "t3.docx"
    err = io.StringIO()
    call_command(
        "report_triannual", "--period", "2026-T3", "--format", "docx", "--out", str(out), stderr=err
    )
    assert Document(str(out)).paragraphs[0].text.startswith("Learning and improvement report")
    assert "100%" in err.getvalue()  # progress shown
    assert AuditEvent.objects.filter(object_type="reports.triannual").exists()


def test_the_command_names_a_bad_period(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="YYYY-TN"):
        call_command(
            "report_triannual", "--period", "T3", "--format", "html", "--out", str(tmp_path / "x")
        )


@pytest.mark.slow
def test_the_pdf_is_made(world: World, tmp_path: Path) -> None:
    out = tmp_path / "t3.pdf"
    call_command("report_triannual", "--period", "2026-T3", "--format", "pdf", "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_the_page_queues_it_and_a_member_gets_the_public_version(
    world: World, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from assure.reports.models import DocumentJob

    page = client_for("elected_member").get("/reports/triannual/")
    assert page.status_code == 200 and "counts under 5 are left out" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("elected_member").post(
            "/reports/triannual/", {"period": "2026-T3", "format": "html"}
        )
    assert response.status_code == 302
    job = DocumentJob.objects.get()
    assert job.params == {"period": "2026-T3", "format": "html", "public": True}
    assert job.status == DocumentJob.Status.DONE, job.message
    assert job.filename.endswith("-public.html")


def test_signing_in_comes_first(world: World, client: Any) -> None:
    response = client.get("/reports/triannual/")
    assert response.status_code == 302 and "/sign-in" in response["Location"]


def test_words_are_drafted_signed_off_and_the_figures_frozen(
    world: World, finalised: Audit, client_for: Any
) -> None:
    from assure.reports.models import TriannualEdition

    qa, director = client_for("qa_pdm"), client_for("director")
    page = "/reports/triannual/2026-T3/"
    assert "Audits finalised" in qa.get(page).content.decode()
    qa.post(page, {"intent": "save", "version": 1, "summary": "", "commentary-audits": "Good."})
    refused = qa.post(page, {"intent": "submit", "version": 2, "summary": ""})
    assert "Write the executive summary" in refused.content.decode()
    qa.post(
        page,
        {
            "intent": "submit",
            "version": 2,
            "summary": "Practice improved.",
            "commentary-audits": "Good.",
        },
    )
    edition = TriannualEdition.objects.get(period="2026-T3")
    assert edition.status == "in_review" and edition.revisions.count() == 2
    # The one who sent it cannot sign it off (qa_pdm is not a senior leader either).
    mine = qa.post(page, {"intent": "approve", "version": edition.version})
    assert "senior leader" in mine.content.decode()
    director.post(page, {"intent": "approve", "version": edition.version})
    edition.refresh_from_db()
    assert edition.status == "approved" and edition.frozen is not None

    # New figures after approval do not change the approved report.
    Audit.objects.filter(pk=finalised.pk).update(finalised_at=None, status="submitted")
    report = build(TriannualContext(Period(2026, 3)))
    assert _table(next(s for s in report.sections if s.key == "audits"))["Audits finalised"][0] == 1
    doc = Document(io.BytesIO(triannual_docx(report)))
    texts = [p.text for p in doc.paragraphs]
    assert "Executive summary" in texts and "Practice improved." in texts and "Good." in texts
    assert any("Approved on" in t for t in texts)
    # And nobody edits it now.
    late = qa.post(page, {"intent": "save", "version": edition.version, "summary": "x"})
    assert "cannot change" in late.content.decode()
    edition.refresh_from_db()
    assert edition.summary == "Practice improved."


def test_only_readers_of_every_team_get_the_full_version(world: World) -> None:
    from assure.reports.triannual.jobs import public_for

    assert not public_for(world.user("qa_pdm")) and not public_for(world.user("director"))
    assert public_for(world.user("practitioner")) and public_for(world.user("team_manager"))
    assert public_for(world.user("elected_member"))
