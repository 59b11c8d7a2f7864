"""From nothing to a first administrator: `assure setup`, invitations, the settings page."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from assure.authority import settings_reader
from assure.authority.guide import setup_steps
from assure.authority.models import AuthoritySettings
from assure.core import clock
from assure.core.models import AuditEvent
from assure.org.models import RoleAssignment, User
from tests.conftest import PASSWORD, World


@pytest.fixture
def commit_callbacks(django_capture_on_commit_callbacks: Any) -> Any:
    """Emails and cache refreshes run after commit; tests run inside one transaction."""
    return django_capture_on_commit_callbacks


LINK = re.compile(r"/account/set-password/([\w-]+)/")


def run_setup(*extra: str, stdin: str | None = None, monkeypatch: Any = None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(
        "setup",
        "--authority",
        "Kent County Council",
        "--la-code",
        "886",
        "--admin",
        "k.admin",
        "--email",
        "k.admin@example.org",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.mark.django_db
def test_setup_creates_the_authority_and_an_administrator_with_a_one_time_link() -> None:
    printed = run_setup()
    assert "Assure is set up for Kent County Council" in printed
    assert "http://127.0.0.1:8000/sign-in/" in printed
    authority = AuthoritySettings.objects.get()
    assert (authority.name, authority.la_code) == ("Kent County Council", "886")
    admin = User.objects.get(username="k.admin")
    assert not admin.has_usable_password()
    assert RoleAssignment.objects.filter(user=admin, role="administrator").exists()
    token = LINK.search(printed).group(1)  # type: ignore[union-attr]

    browser = Client()
    page = browser.get(f"/account/set-password/{token}/")
    assert page.status_code == 200 and "k.admin" in page.content.decode()
    done = browser.post(
        f"/account/set-password/{token}/",
        {"password": "a-long-new-password-42", "again": "a-long-new-password-42"},
    )
    assert done.status_code == 302
    signed_in = browser.post(
        "/sign-in/", {"username": "k.admin", "password": "a-long-new-password-42"}
    )
    assert signed_in.status_code == 302
    home = browser.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Kent County Council" in html
    assert "Demonstration" not in html and "Wealdshire" not in html
    # The link worked once.
    assert Client().get(f"/account/set-password/{token}/").status_code == 410
    summaries = list(AuditEvent.objects.values_list("summary", flat=True))
    assert any("Set up Assure for Kent County Council" in s for s in summaries)
    assert any("set their password through a one-time link" in s for s in summaries)


@pytest.mark.django_db
def test_a_second_run_is_refused_unless_again(monkeypatch: Any) -> None:
    run_setup("--password-stdin", stdin="a-long-new-password-42\n", monkeypatch=monkeypatch)
    with pytest.raises(CommandError, match="already set up for Kent County Council"):
        run_setup()
    assert AuthoritySettings.objects.count() == 1
    out = io.StringIO()
    call_command(
        "setup",
        "--authority",
        "Kent County Council",
        "--la-code",
        "886",
        "--admin",
        "k.second",
        "--email",
        "k.second@example.org",
        "--again",
        stdout=out,
    )
    assert AuthoritySettings.objects.count() == 1
    assert RoleAssignment.objects.filter(user__username="k.second", role="administrator").exists()


@pytest.mark.django_db
def test_bad_input_names_each_field_and_saves_nothing() -> None:
    with pytest.raises(CommandError) as error:
        call_command(
            "setup",
            "--authority",
            "Kent",
            "--la-code",
            "88",
            "--admin",
            "../evil<b>",
            "--email",
            "nobody",
            stdout=io.StringIO(),
        )
    message = str(error.value)
    assert "la_code" in message and "admin" in message and "email" in message
    assert not AuthoritySettings.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_invite_sends_a_link_that_expires(world: World, commit_callbacks: Any) -> None:
    person = world.user("qa_pdm")
    with commit_callbacks(execute=True):
        call_command("invite", person.username, stdout=io.StringIO())
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    token = LINK.search(body).group(1)  # type: ignore[union-attr]
    assert person.username in body
    with clock.frozen(clock.now() + timedelta(days=8)):
        assert Client().get(f"/account/set-password/{token}/").status_code == 410
    # A newer invitation replaces the older link.
    with commit_callbacks(execute=True):
        call_command("invite", person.username, stdout=io.StringIO())
    newer = LINK.search(mail.outbox[1].body).group(1)  # type: ignore[union-attr]
    assert Client().get(f"/account/set-password/{token}/").status_code == 410
    assert Client().get(f"/account/set-password/{newer}/").status_code == 200
    with pytest.raises(CommandError, match="No such person: ghost"):
        call_command("invite", "ghost", stdout=io.StringIO())


@pytest.mark.django_db
def test_an_administrator_resends_an_invitation_but_never_to_themselves(
    world: World, commit_callbacks: Any
) -> None:
    admin = world.user("administrator")
    browser = Client()
    browser.force_login(admin)
    target = world.user("practitioner")
    page = browser.get(f"/admin/people/{target.pk}/").content.decode()
    assert f"/admin/people/{target.pk}/invite/" in page
    assert (
        f"/admin/people/{admin.pk}/invite/"
        not in browser.get(f"/admin/people/{admin.pk}/").content.decode()
    )
    with commit_callbacks(execute=True):
        response = browser.post(f"/admin/people/{target.pk}/invite/")
    assert response.status_code == 302 and len(mail.outbox) == 1
    with commit_callbacks(execute=True):
        browser.post(f"/admin/people/{admin.pk}/invite/")
    assert len(mail.outbox) == 1
    other = Client()
    other.force_login(world.user("practitioner"))
    assert other.post(f"/admin/people/{target.pk}/invite/").status_code == 403


@pytest.mark.django_db
def test_settings_page_changes_the_name_and_the_trail_says_so(
    world: World, commit_callbacks: Any
) -> None:
    run_setup()
    settings_reader.forget()
    admin = world.user("administrator")
    browser = Client()
    browser.force_login(admin)
    page = browser.get("/admin/authority/")
    assert page.status_code == 200
    with commit_callbacks(execute=True):
        response = browser.post(
            "/admin/authority/",
            {
                "version": 1,
                "name": "Kent County Council",
                "la_code": "886",
                "protective_marking": "OFFICIAL",
            },
        )
    assert response.status_code == 302
    assert settings_reader.protective_marking() == "OFFICIAL"
    bad = browser.post("/admin/authority/", {"version": 2, "name": "", "la_code": "x"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    event = AuditEvent.objects.filter(summary="Changed the authority's settings").get()
    assert event.changes["protective_marking"] == ["OFFICIAL-SENSITIVE", "OFFICIAL"]


@pytest.mark.django_db
def test_the_guide_follows_what_is_in_the_database(world: World) -> None:
    steps = {s.key: s.done for s in setup_steps()}
    assert list(steps) == [
        "authority",
        "structure",
        "staff",
        "sign_in",
        "annex_a",
        "teams_matched",
        "first_sample",
    ]
    assert steps["authority"] is False and steps["structure"] is True and steps["staff"] is True
    run_setup()
    settings_reader.forget()
    assert {s.key: s.done for s in setup_steps()}["authority"] is True
    director = Client().post(
        "/sign-in/", {"username": world.user("director").username, "password": PASSWORD}
    )
    assert director.status_code == 302
    assert {s.key: s.done for s in setup_steps()}["sign_in"] is True
    admin = Client()
    admin.force_login(world.user("administrator"))
    html = admin.get("/").content.decode()
    assert "Setting up Assure" in html
    assert admin.get("/admin/setup/").status_code == 200


@pytest.mark.django_db
def test_the_setup_api_lists_the_steps_for_administrators_only(world: World) -> None:
    admin = Client()
    admin.force_login(world.user("administrator"))
    body = admin.get("/api/v1/setup").json()
    assert [s["key"] for s in body["steps"]] == [s.key for s in setup_steps()]
    assert all(set(s) == {"key", "title", "done"} for s in body["steps"])
    practitioner = Client()
    practitioner.force_login(world.user("practitioner"))
    assert practitioner.get("/api/v1/setup").status_code == 403
    assert Client().get("/api/v1/setup").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["structure", "staff", "meetings", "feedback", "cases"])
def test_each_csv_template_has_a_header_an_example_and_the_allowed_values(
    world: World, kind: str
) -> None:
    admin = Client()
    admin.force_login(world.user("administrator"))
    response = admin.get(f"/admin/import/templates/{kind}.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, example = rows[0], rows[1]
    assert len(header) >= 5 and len(example) == len(header) and not example[0].startswith("#")
    assert any(row[0].startswith("# ") and "one of" in row[0] for row in rows[2:])
    member = Client()
    member.force_login(world.user("elected_member"))
    assert member.get(f"/admin/import/templates/{kind}.csv").status_code == 403
    assert admin.get("/admin/import/templates/nothing.csv").status_code == 404


@pytest.mark.django_db
def test_the_cases_template_loads_once_its_example_is_replaced(world: World) -> None:
    from assure.authority.csv_templates import template_csv
    from assure.org.case_loads import read_case_csv

    text = template_csv("cases") or ""
    lines = text.splitlines()
    lines[1] = "T1,5_9,cin,A Family Support,,open"
    rows, problems = read_case_csv("\n".join(lines).encode())
    assert problems == [] and [r.reference for r in rows] == ["T1"]
