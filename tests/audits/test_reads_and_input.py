"""Reading a child's audit leaves a trail event, page and API alike; bad filters never 500."""

from __future__ import annotations

from typing import Any

import pytest

from assure.audits.models import Audit
from assure.core.models import AuditEvent
from tests.audits.test_analytics import build_history
from tests.audits.test_api_loop import api_client
from tests.conftest import World


def views_naming(ref: str) -> list[AuditEvent]:
    """VIEW events that name the child: one record's own, or a list's references."""
    return [
        e
        for e in AuditEvent.objects.filter(action=AuditEvent.Action.VIEW)
        if e.child_ref == ref or ref in e.changes.get("child_refs", [])
    ]


@pytest.mark.django_db
def test_reading_an_audit_through_the_api_is_in_the_trail(world: World, allocated: Audit) -> None:
    assert views_naming("REF-OWN") == []
    response = api_client("practitioner").get(f"/api/v1/audits/{allocated.pk}")
    assert response.status_code == 200
    [event] = views_naming("REF-OWN")
    assert event.actor_username == "practitioner"
    assert (event.object_type, event.object_id) == ("audits.audit", str(allocated.pk))


@pytest.mark.django_db
def test_listing_audits_through_the_api_is_in_the_trail(world: World, allocated: Audit) -> None:
    listed = api_client("director").get("/api/v1/audits").json()
    assert len(listed) > 1 and "REF-OWN" in {a["child_ref"] for a in listed}
    [event] = views_naming("REF-OWN")
    assert event.actor_username == "director"
    assert set(event.changes["ids"]) == {a["id"] for a in listed}
    # An empty answer names nobody, so it leaves nothing.
    views = AuditEvent.objects.filter(action="view").count()
    assert api_client("elected_member").get("/api/v1/audits").json() == []
    assert AuditEvent.objects.filter(action="view").count() == views


@pytest.mark.django_db
def test_the_text_search_page_trails_the_children_it_shows(world: World, client_for: Any) -> None:
    build_history(world, 4)
    page = client_for("qa_pdm").get("/audits/insight/text/")
    assert page.status_code == 200
    shown = [e for e in AuditEvent.objects.filter(action="view", actor_username="qa_pdm")]
    assert len(shown) == 1
    refs = shown[0].changes.get("child_refs") or [shown[0].child_ref]
    assert refs and all(ref in page.content.decode() for ref in refs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/audits/insight/text/?team=99999999999999999999",
        "/audits/insight/text/?team=abc",
        "/audits/insight/text/?service=99999999999999999999",
        "/audits/insight/text/?service=-3",
        "/audits/insight/text/?cycle=99999999999999999999",
        "/audits/insight/completion/?cycle=abc",
        "/audits/insight/grades/?cycle=99999999999999999999",
        "/audits/insight/calibration/?cycle=99999999999999999999",
        "/audits/?page=99999999999999999999&status=lost",
        "/audits/moderation/?page=abc",
    ],
)
def test_bad_ids_in_the_query_string_are_ignored_with_a_message(
    world: World, client_for: Any, url: str
) -> None:
    build_history(world, 2)
    response = client_for("qa_pdm").get(url)
    assert response.status_code == 200
    if "insight" in url:
        assert "to filter by, so it was ignored" in response.content.decode()


@pytest.mark.django_db
def test_a_real_team_still_filters_the_text_answers(world: World, client_for: Any) -> None:
    build_history(world, 4)
    other = Audit.objects.exclude(team=world.team_a).first()
    assert other is not None
    html = client_for("qa_pdm").get(f"/audits/insight/text/?team={world.team_a.pk}").content
    assert b"to filter by" not in html
    assert other.case.child.reference.encode() not in html


@pytest.mark.django_db
def test_an_audit_id_no_row_could_have_is_not_found(
    world: World, allocated: Audit, client_for: Any
) -> None:
    huge = "99999999999999999999"
    api = api_client("team_manager")
    assert api.get(f"/api/v1/audits/{huge}").status_code == 404
    put = api.put(
        f"/api/v1/audits/{huge}/responses",
        {"version": 1, "responses": {}},
        content_type="application/json",
    )
    assert put.status_code == 404
    assert client_for("team_manager").get(f"/audits/{huge}/").status_code == 404
    assert client_for("team_manager").get(f"/audits/{huge}/answer/").status_code == 404
