"""Pinning how many queries a page runs, at one size and after the data grows.

`measure_pages` asks every page once in the small world, grows the data,
asks again; `assert_pinned` then holds each page to its pinned number at both
sizes, so a page that runs a query per row (N+1) fails. Each page is asked
with a cold cache (after one warm-up visit for the session), so aggregates a
page caches are counted as the first visitor pays for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assure.audits import services as audits
from assure.audits.models import Audit
from assure.instruments.engine import tool_as_api
from assure.org.models import Case, Child, Team, User
from assure.reviews import services as reviews
from tests.actions.action_helpers import make_action
from tests.audits.conftest import answer_everything
from tests.conftest import World
from tests.reviews.conftest import qa_answers


@dataclass(frozen=True)
class Counted:
    small: int | None  # queries in the small world
    large: int | None  # queries once the data grew
    error: str = ""  # why the page could not be counted


def page_queries(client: Client, url: str) -> int:
    client.get(url)  # the session's first visit
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries)


def _count(client: Client, url: str) -> tuple[int | None, str]:
    try:
        return page_queries(client, url), ""
    except AssertionError as error:
        return None, str(error)


def measure_pages(
    pages: Iterable[tuple[str, str]],
    client_for: Callable[[str], Client],
    grow: Callable[[], None],
) -> dict[tuple[str, str], Counted]:
    """(role, url) -> the queries the page ran, small and after `grow()`."""
    pages = list(pages)
    small = {page: _count(client_for(page[0]), page[1]) for page in pages}
    grow()
    large = {page: _count(client_for(page[0]), page[1]) for page in pages}
    return {
        page: Counted(small[page][0], large[page][0], small[page][1] or large[page][1])
        for page in pages
    }


def assert_pinned(counted: Counted, pinned: int, what: str) -> None:
    """The one check: exactly `pinned` queries, and the same once the data grew."""
    assert not counted.error, f"{what}: {counted.error}"
    assert counted.small == pinned, f"{what} ran {counted.small} queries, pinned at {pinned}"
    assert counted.large == counted.small, (
        f"{what} ran {counted.large} queries once the data grew (from {counted.small}): "
        "a query per row"
    )


def submit(audit: Audit) -> None:
    """The auditor answers every question and submits, so the audit awaits moderation."""
    auditor = audit.auditor
    audits.audit_save_draft(
        actor=auditor,
        audit_id=audit.pk,
        version=audit.version,
        responses=answer_everything(tool_as_api(audit.tool.parsed)),
    )
    audit.refresh_from_db()
    audits.audit_submit(actor=auditor, audit_id=audit.pk, version=audit.version, grade="good")


def grow(world: World, n: int) -> None:
    """Add teams, workers and cases, then audits, meetings, alerts and actions on them,
    so that a page running a query per row shows it."""
    manager = world.user("team_manager")
    chair = world.user("cp_chair")
    practitioner = world.user("practitioner")
    for i in range(n):
        team = Team.objects.create(
            name=f"Extra {i}", service=world.csw, district=world.district_a, manager=manager
        )
        worker = User.objects.create(username=f"extra{i}", team=team)
        children = Child.objects.bulk_create(
            [Child(reference=f"X{i}-{j}", age_band="5_9") for j in range(20)]
        )
        Case.objects.bulk_create(
            [
                Case(
                    child=c,
                    team=team if j % 2 else world.team_a,
                    allocated_worker=worker,
                    case_type="cin",
                    opened_on=date(2026, 1, 1),
                )
                for j, c in enumerate(children)
            ]
        )
        Case.objects.bulk_create(
            [
                Case(
                    child=c,
                    team=world.team_a,
                    allocated_worker=practitioner,
                    case_type="cp",
                    opened_on=date(2026, 2, 1),
                )
                for c in children[:3]
            ]
        )
    qa = world.user("qa_pdm")
    cycle = audits.cycle_create(actor=qa, year=2027, number=1, starts_on=date(2027, 1, 4))
    sample = audits.sample_draw(
        actor=qa, cycle=cycle, round=1, target=2 * n, min_per_team=0, seed=2, on=date(2027, 1, 4)
    )
    for audit in audits.sample_allocate(actor=qa, sample=sample)[::2]:
        submit(audit)
    _moderated_checks_and_inquiries(world, cycle, n)
    own_cases = Case.objects.filter(team=world.team_a, allocated_worker=practitioner)
    for i, case in enumerate(own_cases.order_by("pk")[:n]):
        meeting = reviews.meeting_create(
            actor=chair, kind="cp_conference", date=date(2026, 3, 2), case=case, chair=chair
        )
        reviews.meeting_qa_record(
            actor=chair,
            meeting_id=meeting.pk,
            responses=qa_answers("cp_conference"),
            grade="inadequate",
            concern="The plan does not address the risks.",
        )
        make_action(
            practitioner,
            manager,
            team=world.team_a,
            child_ref=case.child.reference,
            description=f"Update the plan ({i})",
        )


def _moderated_checks_and_inquiries(world: World, cycle: Any, n: int) -> None:
    """Moderators' checks of actions (some contradicting an action marked done) and each
    new team's appreciative inquiry, for the pages that show what moderation collects."""
    from assure.actions.models import Action
    from assure.audits.models import ActionCheck, AppreciativeInquiry, Moderation
    from assure.instruments.registry import tool_current

    moderator = world.user("service_manager")
    submitted = Audit.objects.filter(cycle=cycle, status=Audit.Status.SUBMITTED)
    for i, audit in enumerate(submitted.order_by("pk")[:n]):
        moderation = Moderation.objects.create(
            audit=audit, moderator=moderator, decision="agree", grade="good"
        )
        action = make_action(
            world.user("practitioner"),
            audit.auditor,
            team=audit.team,
            description=f"Checked at moderation ({i})",
        )
        Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)
        ActionCheck.objects.create(
            moderation=moderation, action=action, outcome=("done", "not_done", "partly")[i % 3]
        )
    tool = tool_current("appreciative_inquiry")
    AppreciativeInquiry.objects.bulk_create(
        AppreciativeInquiry(
            team=team,
            cycle=cycle,
            tool=tool,
            responses={"went_well": f"Direct work with the child in team {team.pk}."},
            recorded_by=world.user("qa_pdm"),
        )
        for team in [*Team.objects.filter(name__startswith="Extra"), world.team_a]
    )


def signed_in(world: World) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        client = Client()
        client.force_login(world.user(role))
        return client

    return make
