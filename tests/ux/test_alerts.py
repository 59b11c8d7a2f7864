"""A practice alert says which child and which meeting it is about."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

from assure.core.models import AuditEvent
from assure.reviews.models import PracticeAlert
from tests.conftest import World
from tests.reviews.test_escalation import raise_alerts

LONG_CONCERN = (
    "The plan was agreed without the child's views recorded and the core group had not met "
    "since the last conference, so nobody could say whether visits happened as planned"
)


@pytest.fixture
def alert(world: World) -> PracticeAlert:
    raised = raise_alerts(world, 1, mixed=False)[0]
    PracticeAlert.objects.filter(pk=raised.pk).update(concern=LONG_CONCERN)
    return PracticeAlert.objects.select_related("meeting__case__child").get(pk=raised.pk)


def test_the_alert_names_the_case_and_links_the_meeting(alert: Any, client_for: Any) -> None:
    body = client_for("cp_chair").get(reverse("reviews:alert", args=[alert.pk])).content.decode()
    reference = alert.meeting.case.child.reference
    assert f'id="alert-case">{reference}</dd>' in body
    assert f'href="{reverse("reviews:meeting", args=[alert.meeting_id])}"' in body
    assert f"{alert.meeting.get_kind_display()}, 2 November 2026</a>" in body


def test_the_list_has_a_case_column_and_cuts_the_concern_between_words(
    alert: Any, client_for: Any
) -> None:
    body = client_for("cp_chair").get(reverse("reviews:alerts")).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', body)
    assert any(re.sub(r"<[^>]+>", "", h).startswith("Case") for h in headers), headers
    reference = alert.meeting.case.child.reference
    assert f'<td class="govuk-table__cell">{reference}</td>' in body
    link_text = body.split(f'href="{reverse("reviews:alert", args=[alert.pk])}">', 1)[1]
    link_text = link_text.split("</a>", 1)[0]
    assert link_text.endswith("…")
    shown = html.unescape(link_text).removesuffix("…").strip()
    assert LONG_CONCERN.startswith(shown) and LONG_CONCERN[len(shown)] == " "


def test_the_list_of_child_references_is_in_the_trail(alert: Any, client_for: Any) -> None:
    client_for("cp_chair").get(reverse("reviews:alerts"))
    event = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, summary="Listed practice alerts"
    ).get()
    assert event.child_ref == alert.meeting.case.child.reference


def test_no_case_for_those_who_may_not_see_the_child(alert: Any, client_for: Any) -> None:
    reference = alert.meeting.case.child.reference
    for role in ("elected_member", "analyst"):
        response = client_for(role).get(reverse("reviews:alerts"))
        assert reference not in response.content.decode(), role
