"""QA programmes (contract.md, "QA programmes"): thin, it calls selectors and services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from assure.core.errors import InvalidInput
from assure.core.policy import require_perm
from assure.core.roles import Perm
from assure.org.models import District
from assure.programmes import services
from assure.programmes.models import Programme
from assure.programmes.policy import PROGRAMMES
from assure.programmes.selectors import (
    action_counts,
    case_with_programmes,
    observations_by_setting,
    programme_actions,
    programme_sample,
    programmes_listed,
)
from assure.programmes.suggestions import suggestions

from .errors import errors
from .urls import api

WRITE = errors(400, 401, 403, 404)
TAGS = ["programmes"]


def summary(p: Programme, findings: int, actions: int) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "title": p.title,
        "status": p.status,
        "district": p.district.name if p.district is not None else None,
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "lead": p.lead.username,
        "findings": findings,
        "actions": actions,
    }


def detail(request: HttpRequest, p: Programme) -> dict[str, Any]:
    actions = list(programme_actions(p).values_list("pk", flat=True))
    findings = list(p.findings.all())
    out = summary(p, len(findings), len(actions))
    out["lines_of_enquiry"] = [
        {"id": line.pk, "text": line.text, "evidence": line.evidence} for line in p.lines.all()
    ]
    out["members"] = [
        {"username": m.user.username, "role": m.role} for m in p.members.select_related("user")
    ]
    out["cases"] = [s.case.child.reference for s in programme_sample(request.user, p)]
    out["findings"] = [
        {"id": f.pk, "text": f.text, "theme": f.theme, "kind": f.kind} for f in findings
    ]
    out["actions"] = actions
    out["observations"] = observations_by_setting(p)
    out["published"] = p.published_at is not None
    out["version"] = p.version
    return out


def _read(request: HttpRequest, programme_id: int) -> Programme:
    return PROGRAMMES.read(
        request.user,
        programme_id,
        queryset=Programme.objects.select_related("district", "lead"),
    )


def _fresh(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    return detail(request, _read(request, programme_id))


@api.get("/programmes", response={200: list[dict[str, Any]], **errors(400, 401)}, tags=TAGS)
def programmes_list(
    request: HttpRequest, kind: str | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """The programmes the user may see: the QA unit and senior leaders all, others their own."""
    if kind is not None and kind not in Programme.Kind.values:
        raise InvalidInput({"kind": f"Use one of {', '.join(Programme.Kind.values)}."})
    if status is not None and status not in Programme.Status.values:
        raise InvalidInput({"status": f"Use one of {', '.join(Programme.Status.values)}."})
    rows = list(programmes_listed(request.user, kind=kind, status=status)[:2000])
    counts = action_counts(rows)
    return [summary(p, p.finding_count, counts.get(p.pk, 0)) for p in rows]  # type: ignore[attr-defined]


@api.get(
    "/programmes/suggestions",
    response={200: list[dict[str, Any]], **errors(400, 401, 403)},
    tags=TAGS,
)
def programmes_suggestions(request: HttpRequest, district: str | None = None) -> list[Any]:
    """Candidate lines of enquiry from the data, each with its evidence (the QA unit)."""
    require_perm(request.user, Perm.RUN_QA)
    where = None
    if district:
        where = District.objects.filter(name=district).first()
        if where is None:
            raise InvalidInput({"district": f"No district is called {district!r}."})
    return suggestions(district=where)


@api.get("/programmes/{programme_id}", response={200: dict, **errors(400, 401, 404)}, tags=TAGS)
def programmes_get(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """One programme; its sample's child references only for those who may see them."""
    return _fresh(request, programme_id)


class ProgrammeIn(Schema):
    kind: str
    title: str
    starts_on: date
    ends_on: date
    district: str | None = None
    lead: str | None = None


@api.post("/programmes", response={201: dict, **errors(400, 401, 403)}, tags=TAGS)
def programmes_create(request: HttpRequest, payload: ProgrammeIn) -> Status[Any]:
    """Start a programme (the QA unit and senior leaders)."""
    p = services.programme_create(
        actor=request.user,
        kind=payload.kind,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        district=payload.district,
        lead=payload.lead,
    )
    return Status(201, _fresh(request, p.pk))


class MemberIn(Schema):
    username: str
    role: str


@api.post("/programmes/{programme_id}/members", response={201: dict, **WRITE}, tags=TAGS)
def programmes_member(request: HttpRequest, programme_id: int, payload: MemberIn) -> Status[Any]:
    """Add a member; a partner then reads this programme and its cases' programme records."""
    m = services.programme_member_add(
        actor=request.user, programme_id=programme_id, username=payload.username, role=payload.role
    )
    return Status(201, {"username": m.user.username, "role": m.role})


class LineIn(Schema):
    text: str
    evidence: list[dict[str, Any]] | None = None


@api.post("/programmes/{programme_id}/lines", response={201: dict, **WRITE}, tags=TAGS)
def programmes_line(request: HttpRequest, programme_id: int, payload: LineIn) -> Status[Any]:
    line = services.programme_line_add(
        actor=request.user, programme_id=programme_id, text_=payload.text, evidence=payload.evidence
    )
    return Status(201, {"id": line.pk, "text": line.text, "evidence": line.evidence})


class SampleIn(Schema):
    size: int
    case_type: str | None = None
    team: str | None = None
    age_band: str | None = None
    seed: int | None = None


@api.post("/programmes/{programme_id}/sample", response={201: dict, **WRITE}, tags=TAGS)
def programmes_sample(request: HttpRequest, programme_id: int, payload: SampleIn) -> Status[Any]:
    """Draw open cases at random (seeded, stratified by team); each with why it was drawn."""
    drawn = services.programme_sample_draw(
        actor=request.user,
        programme_id=programme_id,
        size=payload.size,
        case_type=payload.case_type,
        team=payload.team,
        age_band=payload.age_band,
        seed=payload.seed,
    )
    return Status(
        201,
        {
            "cases": [s.case.child.reference for s in drawn],
            "seed": drawn[0].seed if drawn else None,
            "reasons": {s.case.child.reference: s.reason for s in drawn},
        },
    )


class FindingIn(Schema):
    text: str
    theme: str
    kind: str


@api.post("/programmes/{programme_id}/findings", response={201: dict, **WRITE}, tags=TAGS)
def programmes_finding(request: HttpRequest, programme_id: int, payload: FindingIn) -> Status[Any]:
    f = services.programme_finding_add(
        actor=request.user,
        programme_id=programme_id,
        text_=payload.text,
        theme=payload.theme,
        kind=payload.kind,
    )
    return Status(201, {"id": f.pk, "text": f.text, "theme": f.theme, "kind": f.kind})


class ActionIn(Schema):
    description: str
    owner: str
    due_date: date


@api.post("/programmes/{programme_id}/actions", response={201: dict, **WRITE}, tags=TAGS)
def programmes_action(request: HttpRequest, programme_id: int, payload: ActionIn) -> Status[Any]:
    action = services.programme_action_add(
        actor=request.user,
        programme_id=programme_id,
        description=payload.description,
        owner=payload.owner,
        due_date=payload.due_date,
    )
    return Status(
        201,
        {
            "id": action.pk,
            "description": action.description,
            "owner": action.owner.username,
            "due_date": action.due_date.isoformat(),
            "status": action.status,
        },
    )


@api.get("/cases/{reference}", response={200: dict, **errors(400, 401, 404)}, tags=["cases"])
def case_get(request: HttpRequest, reference: str) -> dict[str, Any]:
    """One case (the contract's minimal record) and the QA programmes that sampled it.

    Staff see the cases their scope reaches; a programme's member (a partner agency's
    account) sees the cases of that programme's sample and no other: 404 for the rest.
    """
    found = case_with_programmes(request.user, reference)
    if found is None:
        raise Http404
    case, seen = found
    return {
        "reference": case.child.reference,
        "age_band": case.child.age_band,
        "case_type": case.case_type,
        "team": case.team.name,
        "worker": case.allocated_worker.username if case.allocated_worker else None,
        "status": "open" if case.closed_on is None else "closed",
        "programmes": [{"id": p.pk, "kind": p.kind, "title": p.title} for p in seen],
    }
