"""Sample records for walking every route: one of each kind, made through the services.

The URL walk, the API walk and the pinned query counts all open the same
records, so a route with a new path parameter needs one sample value here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from assure.org.models import RoleAssignment
from tests.conftest import World


def walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), inner or namespace)
        elif isinstance(p, URLPattern):
            p.assure_namespace = namespace  # type: ignore[attr-defined]
            yield prefix + str(p.pattern), p


def site_patterns() -> list[tuple[str, URLPattern]]:
    """The server-rendered pages (the API has its own walk below)."""
    return [
        (route, p)
        for route, p in walk(get_resolver().url_patterns)
        if not route.startswith("api/") and not route.startswith("static/")
    ]


def audit_world(world: World) -> Any:
    """A cycle with an allocated audit of the practitioner's case (made once per walk)."""
    from datetime import date

    from assure.audits import services
    from assure.audits.models import Audit

    existing = Audit.objects.filter(case=world.cases["own"]).first()
    if existing is not None:
        return existing
    world.team_a.manager = world.user("team_manager")
    world.team_a.save()
    qa = world.user("qa_pdm")
    cycle = services.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=1, min_per_team=0, seed=1, on=date(2026, 9, 1)
    )
    sample.items.exclude(case=world.cases["own"]).delete()
    if not sample.items.exists():
        sample.items.create(
            case=world.cases["own"], team=world.team_a, stratum_size=2, stratum_quota=1, draw=1
        )
    services.sample_allocate(actor=qa, sample=sample)
    return Audit.objects.get(case=world.cases["own"])


AUDIT_KWARGS: dict[str, Any] = {
    "audit_id": lambda a: a.pk,
    "cycle_id": lambda a: a.cycle_id,
    "sample_id": lambda a: a.sample_item.sample_id,
    "item_id": lambda a: a.sample_item_id,
    "entry_id": lambda a: a.cycle.calendar.first().pk,
    "fmt": lambda a: "docx",
}


def review_world(world: World) -> dict[str, Any]:
    """A CP conference of the practitioner's case chaired by the CP chair, its inadequate QA
    (so an alert, owned by the team manager) and a consistency check of it (made once)."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from assure.reviews import services as reviews
    from assure.reviews.models import ChairCheck, Meeting
    from tests.reviews.conftest import qa_answers

    meeting = Meeting.objects.filter(source_ref="walk").first()
    if meeting is None:
        world.team_a.manager = world.user("team_manager")
        world.team_a.save()
        chair = world.user("cp_chair")
        meeting = reviews.meeting_create(
            actor=chair,
            kind="cp_conference",
            date=date(2026, 3, 2),
            case=world.cases["own"],
            chair=chair,
            source_ref="walk",
        )
        reviews.meeting_qa_record(
            actor=chair,
            meeting_id=meeting.pk,
            responses=qa_answers("cp_conference"),
            grade="inadequate",
            concern="The plan does not address the risks.",
            now=datetime(2026, 3, 3, 10, tzinfo=ZoneInfo("Europe/London")),
        )
        reviews.chair_checks_draw(actor=world.user("qa_pdm"), month=date(2026, 3, 1))
    return {
        "meeting": meeting,
        "alert": meeting.alerts.get(),
        "check": ChairCheck.objects.get(qa__meeting=meeting),
    }


REVIEW_KWARGS: dict[str, Any] = {
    "meeting_id": lambda r: r["meeting"].pk,
    "alert_id": lambda r: r["alert"].pk,
    "check_id": lambda r: r["check"].pk,
    "chart_key": lambda r: "grades",
}


def sample_snapshot() -> Any:
    """An Annex A snapshot imported through the service from a one-row list (once per walk).

    Its files go to a temporary directory that is gone when the pages are
    walked, so the walk also checks that a snapshot whose files are missing
    still answers.
    """
    import tempfile
    from datetime import date
    from pathlib import Path

    from django.test import override_settings

    from assure.insight.models import AnnexASnapshot
    from assure.insight.services import snapshot_import
    from tests.insight.annex_builders import write_csv_folder

    existing = AnnexASnapshot.objects.first()
    if existing is not None:
        return existing
    with tempfile.TemporaryDirectory() as tmp, override_settings(VAR_DIR=Path(tmp) / "var"):
        row = {
            "Child Unique ID": "C1",
            "Date of referral": "01/09/2026",
            "Referral NFA?": "No",
            "Number of Referrals in Last 12 Months": "0",
        }
        folder = write_csv_folder(Path(tmp) / "annex", {3: [row]})
        result = snapshot_import(path=folder, as_of=date.fromisoformat("2026-09-30"))
    assert result.snapshot is not None, result.message
    return result.snapshot


def sample_job() -> Any:
    from assure.insight.models import AnnexAImportJob

    return AnnexAImportJob.objects.first() or AnnexAImportJob.objects.create(
        as_of="2026-09-30", source_filename="sample.xlsx", status="imported", progress=100
    )


def sample_action(world: World) -> Any:
    """Owned by the practitioner on a team A case: every role with case scope over
    team A (and the directorate-wide roles) may open it."""
    from assure.actions.models import Action

    return Action.objects.filter(child_ref="REF-OWN").first() or Action.objects.create(
        description="Record the child's views in the plan",
        owner=world.user("practitioner"),
        created_by=world.user("team_manager"),
        due_date="2026-12-31",
        team=world.team_a,
        child_ref="REF-OWN",
    )


def sample_feedback(world: World) -> Any:
    """Feedback about the practitioner's own case: its text is theirs and the QA unit's."""
    from assure.core import clock
    from assure.feedback.models import FeedbackItem
    from assure.feedback.services import feedback_link, feedback_record

    found = FeedbackItem.objects.filter(case=world.cases["own"]).first()
    if found is not None:
        return found
    item = feedback_record(
        actor=world.user("qa_pdm"),
        channel="parent_carer",
        received_on=clock.today(),
        text="The conference listened to us.",
    )
    return feedback_link(actor=world.user("qa_pdm"), item_id=item.pk, child_ref="REF-OWN")


def sample_document(world: World) -> Any:
    """A finished document of the practitioner's: only they may open it or its file."""
    from assure.reports.document_jobs import documents_root
    from assure.reports.models import DocumentJob

    # Written for every test: each has a var directory of its own.
    documents_root().mkdir(parents=True, exist_ok=True)
    (documents_root() / "sample.pdf").write_bytes(b"%PDF-1.7 sample")
    found = DocumentJob.objects.filter(requested_by=world.user("practitioner")).first()
    return found or DocumentJob.objects.create(
        kind="annex_a_report",
        title="A sample document",
        requested_by=world.user("practitioner"),
        status="done",
        progress=100,
        filename="sample.pdf",
        content_type="application/pdf",
        storage_path="sample.pdf",
    )


def sample_programme(world: World) -> Any:
    """A COA visit of district A led by the QA unit, with a partner and the own case sampled."""
    from assure.programmes import services
    from assure.programmes.models import Programme

    found = Programme.objects.filter(title="Walk visit").first()
    if found is not None:
        return found
    qa = world.user("qa_pdm")
    programme = services.programme_create(
        actor=qa,
        kind="coa",
        title="Walk visit",
        starts_on="2026-10-05",
        ends_on="2026-10-09",
        district=world.district_a.name,
    )
    services.programme_member_add(
        actor=qa, programme_id=programme.pk, username="partner", role="partner"
    )
    programme.sampled.create(
        case=world.cases["own"], seed=1, reason="Chosen for the walk", added_by=qa
    )
    return programme


def sample_observation(world: World) -> Any:
    """A draft observation of the walk's COA visit by the QA unit's observer."""
    from assure.programmes import services

    programme = sample_programme(world)
    return programme.observations.first() or services.observation_start(
        actor=world.user("qa_pdm"),
        programme_id=programme.pk,
        setting="home_visit",
        observed_on="2026-10-06",
        case_id=world.cases["own"].pk,
    )


@dataclass
class Samples:
    """One record of every kind a route can name, in the small world."""

    world: World
    audit: Any
    meeting: Any
    alert: Any
    check: Any
    action: Any
    snapshot: Any
    job: Any


def make_samples(world: World) -> Samples:
    review = review_world(world)
    return Samples(
        world=world,
        audit=audit_world(world),
        meeting=review["meeting"],
        alert=review["alert"],
        check=review["check"],
        action=sample_action(world),
        snapshot=sample_snapshot(),
        job=sample_job(),
    )


def sample_kwargs(world: World, pattern: URLPattern) -> dict[str, Any]:
    names = pattern.pattern.converters.keys()
    kwargs: dict[str, Any] = {}
    for name in names:
        if name == "case_id":
            kwargs[name] = world.cases["own"].pk
        elif name == "team_id":
            kwargs[name] = world.team_a.pk
        elif name == "person_id":
            kwargs[name] = world.user("practitioner").pk
        elif name == "indicator_id":
            kwargs[name] = "referrals"
        elif name == "job_id":
            kwargs[name] = sample_job().pk
        elif name == "programme_id":
            kwargs[name] = sample_programme(world).pk
        elif name == "observation_id":
            kwargs[name] = sample_observation(world).pk
        elif name == "action_id":
            kwargs[name] = sample_action(world).pk
        elif name == "feedback_id":
            kwargs[name] = sample_feedback(world).pk
        elif name in AUDIT_KWARGS:
            kwargs[name] = AUDIT_KWARGS[name](audit_world(world))
        elif name in REVIEW_KWARGS:
            kwargs[name] = REVIEW_KWARGS[name](review_world(world))
        elif name == "snapshot_id":
            kwargs[name] = sample_snapshot().pk
        elif name == "chart":
            kwargs[name] = "volumes-counts"  # every visual report has it
        elif name == "entity":
            kwargs[name] = "teams"
        elif name == "period_key":  # a triannual period
            kwargs[name] = "2026-T3"
        elif name == "report_key":  # a report of the reporting schedule
            kwargs[name] = "triannual-report"
        elif name == "kind":  # a CSV template
            kwargs[name] = "staff"
        elif name == "document":  # a finished document the practitioner asked for
            kwargs[name] = sample_document(world).token
        elif name == "token":  # a live one-time link to set a password
            from assure.authority.services import invitation_send

            link = invitation_send(actor=None, person=world.user("analyst"))
            kwargs[name] = link.rstrip("/").rsplit("/", 1)[1]
        elif name == "pk":
            if pattern.name == "admin-role-remove":
                kwargs[name] = RoleAssignment.objects.filter(user=world.user("analyst")).first().pk  # type: ignore[union-attr]
            elif pattern.name == "admin-person-roles":
                kwargs[name] = world.user("practitioner").pk
            else:
                kwargs[name] = world.team_a.pk
        else:
            raise AssertionError(f"The URL walk has no sample value for <{name}>: add one")
    return kwargs


def build_url(route_pattern: URLPattern, world: World) -> str:
    from django.urls import reverse

    name = f"{route_pattern.assure_namespace}:{route_pattern.name}"  # type: ignore[attr-defined]
    return reverse(name, kwargs=sample_kwargs(world, route_pattern))
