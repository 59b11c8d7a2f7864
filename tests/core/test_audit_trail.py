from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from assure.core import trail
from assure.core.models import AppendOnlyError, AuditEvent
from tests.conftest import World


@pytest.mark.django_db
def test_trail_refuses_updates_and_deletes_through_the_model(world: World) -> None:
    event = trail.record(actor=world.user("director"), action="view", summary="x")
    event.summary = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(summary="y")


@pytest.mark.django_db(transaction=True)
def test_trail_refuses_raw_sql_changes(world: World) -> None:
    trail.record(actor=world.user("director"), action="view", summary="original")
    for statement in (
        "UPDATE core_auditevent SET summary = 'forged'",
        "DELETE FROM core_auditevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.filter(summary="original").count() == 1


@pytest.mark.django_db
def test_viewing_a_case_is_recorded_with_the_child(world: World, client_for: Any) -> None:
    case = world.cases["own"]
    response = client_for("practitioner").get(f"/cases/{case.pk}/", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert event.actor == world.user("practitioner")
    assert event.child_ref == case.child.reference
    assert event.object_type == "org.case" and event.object_id == str(case.pk)
    assert event.ip_address == "10.0.0.9"


@pytest.mark.django_db
def test_qa_unit_searches_the_trail(world: World, client_for: Any) -> None:
    client_for("practitioner").get(f"/cases/{world.cases['own'].pk}/")
    client_for("director").get(f"/cases/{world.cases['team'].pk}/")
    page = client_for("qa_pdm").get("/audit-trail/", {"child_ref": "REF-OWN"})
    html = page.content.decode()
    assert "1 event" in html and "practitioner" in html
    page = client_for("qa_pdm").get("/audit-trail/", {"user": "director", "action": "view"})
    assert "1 event" in page.content.decode()


@pytest.mark.django_db
def test_no_page_can_change_the_trail(world: World, client_for: Any) -> None:
    trail.record(actor=world.user("director"), action="view", summary="kept")
    admin = client_for("administrator")
    assert admin.post("/audit-trail/", {"summary": "x"}).status_code in (200, 405)
    assert admin.get("/admin/auditevents/").status_code == 404
    assert AuditEvent.objects.filter(summary="kept").count() == 1
