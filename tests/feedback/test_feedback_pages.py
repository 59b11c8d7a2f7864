"""The QA unit's feedback pages: the list, one item to work on, themes compared, audits collated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from assure.audits import services as audit_services
from assure.audits.models import Audit
from assure.core import clock
from assure.core.models import AuditEvent
from assure.feedback import services
from assure.feedback.models import FeedbackItem, Theme
from assure.instruments.engine import tool_as_api
from tests.audits.conftest import allocated, answer_everything, cycle  # noqa: F401
from tests.conftest import World

pytestmark = pytest.mark.django_db
DAY = date(2026, 10, 5)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with clock.frozen(DAY):
        yield


def make(world: World, **extra: Any) -> FeedbackItem:
    values: dict[str, Any] = {
        "actor": world.user("qa_pdm"),
        "channel": "parent_carer",
        "received_on": DAY,
        "text": "Secret words: nobody listened.",
    }
    values.update(extra)
    return services.feedback_record(**values)


def test_the_list_filters_and_shows_text_only_to_readers(world: World, client_for: Any) -> None:
    make(world)
    make(world, channel="staff", text="Workload is heavy.", received_on=date(2026, 9, 1))
    page = client_for("qa_pdm").get("/feedback/received/").content.decode()
    assert "Secret words" in page and "Workload is heavy" in page
    filtered = client_for("qa_pdm").get("/feedback/received/", {"channel": "staff"})
    assert "Workload is heavy" in filtered.content.decode()
    assert "Secret words" not in filtered.content.decode()
    theme = Theme.objects.get(name="Workload")
    by_theme = client_for("qa_pdm").get("/feedback/received/", {"theme": theme.pk}).content
    assert b"Secret words" not in by_theme and b"Workload is heavy" in by_theme
    dated = client_for("qa_pdm").get("/feedback/received/", {"start": "01/10/2026"}).content
    assert b"Workload is heavy" not in dated and b"Secret words" in dated
    member = client_for("elected_member").get("/feedback/received/")
    assert member.status_code == 200
    assert b"Secret words" not in member.content and b"Not shown to you" in member.content


def test_a_bad_date_filter_is_named_in_the_error_summary(world: World, client_for: Any) -> None:
    page = client_for("qa_pdm").get("/feedback/received/", {"start": "31/02/2026"})
    assert b"There is a problem" in page.content and b'href="#id_start"' in page.content


def test_the_qa_unit_confirms_themes_links_and_answers(world: World, client_for: Any) -> None:
    item = make(world, about="The conference in September")
    client = client_for("qa_pdm")
    page = client.get(f"/feedback/received/{item.pk}/").content.decode()
    assert "The conference in September" in page and "Confirm themes" in page
    theme = Theme.objects.get(name="Communication")
    done = client.post(
        f"/feedback/received/{item.pk}/themes/",
        {"themes-themes": [theme.pk], "themes-version": item.version},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert [t.name for t in item.themes.all()] == ["Communication"] and item.themes_confirmed
    done = client.post(
        f"/feedback/received/{item.pk}/link/",
        {"link-child_ref": "REF-OWN", "link-version": item.version},
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.case == world.cases["own"] and item.team == world.team_a
    client.post(
        f"/feedback/received/{item.pk}/response/",
        {
            "response-response": "Chairs now check everyone has spoken.",
            "response-version": item.version,
        },
    )
    item.refresh_from_db()
    assert item.response.startswith("Chairs now") and item.responded_by == world.user("qa_pdm")
    # The practitioner whose case it is may now read the words; one on another team may not.
    assert (
        b"Secret words" in client_for("practitioner").get(f"/feedback/received/{item.pk}/").content
    )
    assert (
        b"Secret words"
        not in client_for("elected_member").get(f"/feedback/received/{item.pk}/").content
    )


def test_a_stale_version_is_refused_and_named(world: World, client_for: Any) -> None:
    item = make(world)
    client = client_for("qa_pdm")
    client.post(
        f"/feedback/received/{item.pk}/response/",
        {"response-response": "First.", "response-version": 1},
    )
    page = client.post(
        f"/feedback/received/{item.pk}/response/",
        {"response-response": "Second.", "response-version": 1},
    )
    assert page.status_code == 200 and b"There is a problem" in page.content
    item.refresh_from_db()
    assert item.response == "First."


def test_only_the_qa_unit_works_on_feedback(world: World, client_for: Any) -> None:
    item = make(world)
    answer = client_for("practitioner").post(
        f"/feedback/received/{item.pk}/response/",
        {"response-response": "Mine.", "response-version": 1},
    )
    assert answer.status_code == 403
    item.refresh_from_db()
    assert item.response == ""


def test_themes_are_compared_across_channels_and_periods(world: World, client_for: Any) -> None:
    make(world, themes=["Communication"])
    make(world, channel="staff", themes=["Communication", "Workload"])
    make(world, channel="staff", themes=["Workload"], received_on=date(2026, 6, 1))
    page = client_for("elected_member").get("/feedback/themes/", {"period": "2026-T3"})
    html = page.content.decode()
    assert page.status_code == 200 and "Themes by channel, T3 2026" in html
    assert "Themes over time" in html and "T2 2026" in html
    bad = client_for("qa_pdm").get("/feedback/themes/", {"period": "2026-T9"})
    assert b"There is a problem" in bad.content


@pytest.fixture
def finalised(world: World, allocated: Audit) -> Audit:  # noqa: F811
    auditor, moderator = world.user("team_manager"), world.user("service_manager")
    with clock.frozen(datetime(2026, 10, 15, 10)):
        audit = audit_services.audit_save_draft(
            actor=auditor,
            audit_id=allocated.pk,
            version=allocated.version,
            responses=answer_everything(tool_as_api(allocated.tool.parsed)),
        )
        audit = audit_services.audit_submit(
            actor=auditor, audit_id=audit.pk, version=audit.version, grade="good"
        )
        audit = audit_services.moderation_record(
            actor=moderator, audit_id=audit.pk, version=audit.version, decision="agree"
        )
        audit.refresh_from_db()
        return audit_services.audit_finalise(
            actor=moderator, audit_id=audit.pk, version=audit.version
        )


def test_audit_feedback_is_collated_by_period_and_trailed(
    world: World, client_for: Any, finalised: Audit
) -> None:
    page = client_for("qa_pdm").get("/feedback/audits/", {"period": "2026-T3"})
    html = page.content.decode()
    assert page.status_code == 200 and "1 audit finalised" in html
    assert "Answer to child_feedback" in html and "Answer to family_feedback" in html
    assert AuditEvent.objects.filter(
        action="view", summary__startswith="Read the feedback in 1 audits"
    ).exists()
    earlier = client_for("qa_pdm").get("/feedback/audits/", {"period": "2026-T2"}).content
    assert b"No case audits were finalised" in earlier
    assert client_for("elected_member").get("/feedback/audits/").status_code == 403


def test_staff_record_feedback_received_another_way(world: World, client_for: Any) -> None:
    client = client_for("team_manager")
    page = client.post(
        "/feedback/received/new/",
        {"channel": "", "received_on": "31/02/2026", "text": ""},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in html
    for field in ("id_channel", "id_received_on", "id_text"):
        assert f'href="#{field}"' in html
    done = client.post(
        "/feedback/received/new/",
        {
            "channel": "partner",
            "received_on": "01/10/2026",
            "text": "The school found the review helpful.",
            "team": "A Family Support",
            "rating": "4",
        },
    )
    assert done.status_code == 302
    item = FeedbackItem.objects.get()
    assert item.channel == "partner" and item.team == world.team_a and item.rating == 4
    assert item.recorded_by == world.user("team_manager")
    assert client_for("elected_member").get("/feedback/received/new/").status_code == 403
