"""The audit's action form takes a person's name, as people know each other."""

from __future__ import annotations

from typing import Any

import pytest

from assure.actions.models import Action
from assure.audits.models import Audit
from tests.conftest import World


@pytest.mark.django_db
def test_an_action_owner_is_chosen_by_full_name(
    world: World, allocated: Audit, client_for: Any
) -> None:
    ivo = world.user("practitioner")
    ivo.first_name, ivo.last_name = "Ivo", "Jessop"
    ivo.save()
    auditor = client_for("team_manager")
    page = auditor.get(f"/audits/{allocated.pk}/actions/new/").content.decode()
    assert "Their full name" in page and "username" not in page.split("<main")[1].lower()
    assert '<option value="Ivo Jessop (practitioner)">' in page
    wrong = auditor.post(
        f"/audits/{allocated.pk}/actions/new/",
        {"description": "Update the plan", "owner": "Ivo Jesop", "due_date": "2099-01-31"},
    ).content.decode()
    assert 'href="#id_owner"' in wrong
    assert "Who owns it: No one who may be the owner of this action is called Ivo Jesop" in wrong
    done = auditor.post(
        f"/audits/{allocated.pk}/actions/new/",
        {"description": "Update the plan", "owner": "Ivo Jessop", "due_date": "2099-01-31"},
    )
    assert done.status_code == 302
    assert Action.objects.get(description="Update the plan").owner == ivo
