"""The programme pages: list, detail, creating, adding, suggestions, COA observations and
the findings published to staff."""

from __future__ import annotations

from typing import Any

from assure.core.models import AuditEvent
from assure.programmes import services
from assure.programmes.models import Observation, Programme
from tests.conftest import World


def test_list_filters_by_kind_and_status(world: World, coa: Programme, client_for: Any) -> None:
    qa = client_for("qa_pdm")
    page = qa.get("/programmes/")
    assert page.status_code == 200 and b"District A visit" in page.content
    assert b"District A visit" not in qa.get("/programmes/?kind=thematic").content
    assert b"District A visit" not in qa.get("/programmes/?status=complete").content
    assert b"District A visit" not in client_for("practitioner").get("/programmes/").content


def test_create_shows_an_error_summary_naming_each_field(world: World, client_for: Any) -> None:
    qa = client_for("qa_pdm")
    page = qa.post("/programmes/new/", {"title": "", "starts_on": "31/02/2026"})
    assert page.status_code == 400
    assert b"There is a problem" in page.content
    assert b"Kind of programme: Choose the kind of programme" in page.content
    assert b"Title: Enter a title" in page.content
    made = qa.post(
        "/programmes/new/",
        {
            "kind": "thematic",
            "title": "Neglect",
            "starts_on": "01/10/2026",
            "ends_on": "31/12/2026",
        },
    )
    assert made.status_code == 302
    assert Programme.objects.get().title == "Neglect"
    assert client_for("practitioner").get("/programmes/new/").status_code == 403


def test_detail_shows_everything_and_trails_the_sample(
    world: World, coa: Programme, client_for: Any
) -> None:
    qa = world.user("qa_pdm")
    services.programme_sample_draw(
        actor=qa, programme_id=coa.pk, size=1, team="A Family Support", seed=1
    )
    services.programme_line_add(
        actor=qa,
        programme_id=coa.pk,
        text_="Voice of the child",
        evidence=[{"type": "note", "ref": "x", "text": "Seen in three audits"}],
    )
    services.programme_finding_add(
        actor=qa, programme_id=coa.pk, text_="Plans are clear", theme="Planning", kind="strength"
    )
    page = client_for("qa_pdm").get(f"/programmes/{coa.pk}/")
    assert page.status_code == 200
    for text in (
        b"Voice of the child",
        b"Seen in three audits",
        b"Plans are clear",
        b"Drawn at random",
    ):
        assert text in page.content
    assert AuditEvent.objects.filter(
        actor=qa, action=AuditEvent.Action.VIEW, object_id=str(coa.pk)
    ).exists()
    assert client_for("practitioner").get(f"/programmes/{coa.pk}/").status_code == 404


def test_adding_a_finding_through_the_page(world: World, coa: Programme, client_for: Any) -> None:
    qa = client_for("qa_pdm")
    bad = qa.post(f"/programmes/{coa.pk}/findings/", {"text": "x", "theme": ""})
    assert bad.status_code == 400 and b"Theme: Enter the finding&#x27;s theme" in bad.content
    ok = qa.post(
        f"/programmes/{coa.pk}/findings/", {"text": "Good", "theme": "Plans", "kind": "strength"}
    )
    assert ok.status_code == 302 and coa.findings.count() == 1


def test_adopt_a_suggestion_keeps_its_evidence(
    world: World, coa: Programme, client_for: Any, monkeypatch: Any
) -> None:
    from assure.programmes import views

    found = [
        {
            "text": "Why alerts in A?",
            "evidence": [{"type": "practice_alerts", "ref": "A", "text": "3 alerts"}],
        }
    ]
    monkeypatch.setattr(views, "suggestions", lambda district: found)
    qa = client_for("qa_pdm")
    page = qa.get(f"/programmes/{coa.pk}/suggestions/")
    assert page.status_code == 200 and b"3 alerts" in page.content
    adopted = qa.post(
        f"/programmes/{coa.pk}/suggestions/", {"index": "0", "text": "Why so many alerts in A?"}
    )
    assert adopted.status_code == 302
    line = coa.lines.get()
    assert line.text == "Why so many alerts in A?" and line.evidence == found[0]["evidence"]


def test_coa_observation_saves_drafts_then_finishes(
    world: World, coa: Programme, client_for: Any
) -> None:
    qa = client_for("qa_pdm")
    started = qa.post(
        f"/programmes/{coa.pk}/observations/new/",
        {"setting": "home_visit", "observed_on": "06/10/2026"},
    )
    assert started.status_code == 302, started.content
    obs = Observation.objects.get()
    assert obs.tool_key == "coa_observation" and obs.tool_version == 1
    url = f"/programmes/observations/{obs.pk}/"
    page = qa.get(url)
    assert page.status_code == 200 and b"COA Observation Tool" in page.content
    saved = qa.post(url, {"version": obs.version, "autosave": "1", "child_centred": "4"})
    assert saved.status_code == 200 and saved.json()["version"] == obs.version + 1
    obs.refresh_from_db()
    assert obs.responses == {"child_centred": 4} and obs.status == "draft"
    refused = qa.post(url, {"version": obs.version, "intent": "done"})
    assert refused.status_code == 400 and b"There is a problem" in refused.content
    done = qa.post(
        url,
        {
            "version": obs.version,
            "intent": "done",
            "child_centred": "4",
            "child_voice": "yes",
            "family_involved": "n/a",
            "purpose_clear": "yes",
            "went_well": "Warm and clear",
        },
    )
    assert done.status_code == 302, done.content
    obs.refresh_from_db()
    assert obs.status == "done"
    assert client_for("practitioner").get(url).status_code == 404


def test_published_findings_are_for_staff_once_approved(world: World, client_for: Any) -> None:
    qa = world.user("qa_pdm")
    theme = services.programme_create(
        actor=qa, kind="thematic", title="Neglect", starts_on="2026-10-01", ends_on="2026-12-01"
    )
    services.programme_finding_add(
        actor=qa, programme_id=theme.pk, text_="Chronologies help", theme="Neglect", kind="strength"
    )
    assert client_for("practitioner").get(f"/programmes/{theme.pk}/published/").status_code == 404
    assert (
        client_for("qa_pdm")
        .post(f"/programmes/{theme.pk}/publish/", {"version": theme.version})
        .status_code
        == 302
    )
    page = client_for("practitioner").get(f"/programmes/{theme.pk}/published/")
    assert page.status_code == 200 and b"Chronologies help" in page.content
    assert client_for("partner").get(f"/programmes/{theme.pk}/published/").status_code == 403
    assert b"Neglect" in client_for("practitioner").get("/programmes/").content
    assert b"Neglect" not in client_for("partner").get("/programmes/").content


def test_a_coa_visit_is_on_the_qa_calendar_of_its_cycle(world: World) -> None:
    from datetime import date

    from assure.audits import services as audits
    from assure.audits.models import CalendarEntry

    qa = world.user("qa_pdm")
    cycle = audits.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    visit = services.programme_create(
        actor=qa,
        kind="coa",
        title="Visit",
        starts_on="2026-10-05",
        ends_on="2026-10-09",
        district=world.district_a.name,
    )
    entry = CalendarEntry.objects.get(notes=f"QA programme {visit.pk}")
    assert entry.cycle == cycle and entry.kind == "coa" and entry.title == "Visit (District A)"
    services.programme_create(
        actor=qa, kind="learning_review", title="CSPR", starts_on="2026-10-05", ends_on="2027-03-01"
    )
    services.programme_create(  # a senior leader's: the QA unit adds it to its calendar
        actor=world.user("director"),
        kind="thematic",
        title="Not ours",
        starts_on="2026-10-05",
        ends_on="2026-11-01",
    )
    review = CalendarEntry.objects.get(title="CSPR")
    assert review.kind == "other" and review.cycle == cycle
    assert not CalendarEntry.objects.filter(title="Not ours").exists()


def test_home_and_case_record_show_the_programmes_taken_part_in(
    world: World, coa: Programme, client_for: Any
) -> None:
    qa = world.user("qa_pdm")
    services.programme_member_add(
        actor=qa, programme_id=coa.pk, username="team_manager", role="member"
    )
    services.programme_sample_draw(
        actor=qa, programme_id=coa.pk, size=1, team="A Family Support", seed=1
    )
    home = client_for("team_manager").get("/")
    assert b"Your QA programmes" in home.content and b"District A visit" in home.content
    assert b"Your QA programmes" not in client_for("practitioner").get("/").content
    case = coa.sampled.get().case
    record = client_for("team_manager").get(f"/cases/{case.pk}/")
    assert record.status_code == 200 and b"District A visit" in record.content


def test_a_thematic_sample_goes_through_the_audit_loop(world: World, client_for: Any) -> None:
    from assure.audits.models import Audit

    qa = world.user("qa_pdm")
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    theme = services.programme_create(
        actor=qa, kind="thematic", title="Neglect", starts_on="2026-10-01", ends_on="2026-12-18"
    )
    services.programme_sample_draw(
        actor=qa, programme_id=theme.pk, size=2, team="A Family Support", seed=1
    )
    sent = client_for("qa_pdm").post(f"/programmes/{theme.pk}/sample/audit/")
    assert sent.status_code == 302
    audits = Audit.objects.filter(programme_row__programme=theme)
    assert audits.count() == 2
    assert {a.auditor.username for a in audits} == {"team_manager"}
    assert {a.due_date.isoformat() for a in audits} == {"2026-12-18"}
    assert all(a.cycle_id is None for a in audits)
    page = client_for("qa_pdm").get(f"/programmes/{theme.pk}/")
    assert b"Allocated" in page.content
    again = client_for("qa_pdm").post(f"/programmes/{theme.pk}/sample/audit/", follow=True)
    assert b"already being audited" in again.content
    assert Audit.objects.filter(programme_row__programme=theme).count() == 2
    audit = audits.first()
    assert audit is not None
    manager = client_for("team_manager")
    assert manager.get(f"/audits/{audit.pk}/").status_code == 200
    assert manager.get(f"/audits/{audit.pk}/answer/").status_code == 200
    assert manager.get(f"/api/v1/audits/{audit.pk}").json()["cycle"] is None


def test_a_district_programme_is_read_beside_the_district_in_the_data(
    world: World, coa: Programme, client_for: Any
) -> None:
    from assure.programmes.triangulation import district_picture

    picture = district_picture(coa)
    assert picture is not None
    assert picture.district == "District A"
    assert picture.open_cases == 3  # team A's two and the early help case; not district B's
    assert picture.audits == 0 and picture.alerts == 0
    page = client_for("qa_pdm").get(f"/programmes/{coa.pk}/")
    assert b"District A in the data" in page.content


def test_the_pack_generated_from_the_data(world: World, client_for: Any) -> None:
    import io

    from docx import Document

    from assure.programmes.pack import build_pack

    qa = world.user("qa_pdm")
    visit = services.programme_create(
        actor=qa,
        kind="coa",
        title="Visit",
        starts_on="2026-06-01",
        ends_on="2026-06-05",
        district=world.district_a.name,
    )
    services.programme_finding_add(
        actor=qa, programme_id=visit.pk, text_="Plans are clear", theme="Planning", kind="strength"
    )
    event = services.programme_create(
        actor=qa,
        kind="learning_event",
        title="Area event",
        starts_on="2026-11-01",
        ends_on="2026-11-01",
        district=world.district_a.name,
    )
    page = client_for("qa_pdm").get(f"/programmes/{event.pk}/pack/")
    assert page.status_code == 200
    assert b"Plans are clear" in page.content and b"District A in the data" in page.content
    asked = client_for("qa_pdm").get(f"/programmes/{event.pk}/pack/?format=docx")
    assert asked.status_code == 302 and "/documents/" in asked["Location"]
    built = build_pack(qa, {"programme": event.pk, "format": "docx"}, lambda n, s: None)
    text = "\n".join(p.text for p in Document(io.BytesIO(built.content)).paragraphs)
    assert "Plans are clear" in text and "District A in the data" in text
    pdf = build_pack(qa, {"programme": event.pk, "format": "pdf"}, lambda n, s: None)
    assert pdf.content.startswith(b"%PDF")
    assert client_for("practitioner").get(f"/programmes/{event.pk}/pack/").status_code == 404
    services.programme_member_add(
        actor=qa, programme_id=event.pk, username="partner", role="partner"
    )
    assert client_for("partner").get(f"/programmes/{event.pk}/pack/").status_code == 403


def test_the_years_coa_plan_visits_a_district_a_month(world: World, client_for: Any) -> None:
    qa = client_for("qa_pdm")
    bad = qa.post("/programmes/coa-plan/", {"first_month": "", "months": "30"})
    assert bad.status_code == 400 and b"First month: Enter the first month" in bad.content
    made = qa.post(
        "/programmes/coa-plan/",
        {"first_month": "01/01/2027", "months": "4", "lead": "principal_social_worker"},
    )
    assert made.status_code == 302
    visits = list(Programme.objects.filter(kind="coa").order_by("starts_on"))
    assert [v.district.name for v in visits if v.district] == [
        "District A",
        "District B",
        "District A",
        "District B",
    ]
    assert [v.starts_on.isoformat() for v in visits] == [
        "2027-01-04",
        "2027-02-01",
        "2027-03-01",
        "2027-04-05",
    ]
    assert {v.lead.username for v in visits} == {"principal_social_worker"}
    qa.post("/programmes/coa-plan/", {"first_month": "01/01/2027", "months": "4"})
    assert Programme.objects.filter(kind="coa").count() == 4  # planning twice adds nothing
    assert client_for("director").get("/programmes/coa-plan/").status_code == 403


def test_a_partner_reads_observations_of_their_programme_only(
    world: World, coa: Programme, client_for: Any
) -> None:
    qa = world.user("qa_pdm")
    obs = services.observation_start(
        actor=qa, programme_id=coa.pk, setting="strategy", observed_on="2026-10-06"
    )
    url = f"/programmes/observations/{obs.pk}/"
    assert client_for("partner").get(url).status_code == 404
    assert client_for("director").get(url).status_code == 200  # the directorate's cases
    assert client_for("assistant_director").get(url).status_code == 404  # an area's only
    services.programme_member_add(actor=qa, programme_id=coa.pk, username="partner", role="partner")
    page = client_for("partner").get(url)
    assert page.status_code == 200 and b"Save draft" not in page.content  # reads, never edits


def test_a_partner_sees_their_programme_without_the_districts_figures(
    world: World, coa: Programme, client_for: Any
) -> None:
    services.programme_member_add(
        actor=world.user("qa_pdm"), programme_id=coa.pk, username="partner", role="partner"
    )
    page = client_for("partner").get(f"/programmes/{coa.pk}/")
    assert page.status_code == 200
    assert b"District A visit" in page.content and b"in the data" not in page.content
    assert b"Add a finding" not in page.content


def test_the_weeks_plan_shows_observations_not_yet_made(
    world: World, coa: Programme, client_for: Any
) -> None:
    from datetime import timedelta

    from assure.core import clock

    later = clock.today() + timedelta(days=2)
    services.observation_start(
        actor=world.user("qa_pdm"), programme_id=coa.pk, setting="conference", observed_on=later
    )
    page = client_for("qa_pdm").get(f"/programmes/{coa.pk}/")
    assert b"Planned" in page.content
