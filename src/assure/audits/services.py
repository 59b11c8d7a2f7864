"""Every step of the audit cycle: checked, written, recorded and announced in one go."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from assure.core import clock, trail
from assure.core.errors import ConflictError, InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import access_for, case_filter, has_perm, require_perm
from assure.core.roles import Perm
from assure.instruments.definitions import GRADE_LABELS, GRADES
from assure.instruments.engine import missing_required, validate
from assure.instruments.models import Tool
from assure.instruments.registry import tool_current
from assure.org.models import Case, Service, Team, User
from assure.org.selectors import service_managers_of

from . import sampling
from .models import (
    ActionCheck,
    AppreciativeInquiry,
    Audit,
    AuditChange,
    CalendarEntry,
    Cycle,
    Moderation,
    Sample,
    SampleItem,
    add_months,
)

# Services with their own statutory audit tool; everything else uses the CYPE tool.
SERVICE_TOOLS: dict[str, str] = {
    Service.Kind.YOUTH_JUSTICE: "youth_justice_audit",
    Service.Kind.ADOPTION: "raa_audit",
    Service.Kind.SEN: "sen_audit",
}


def tool_for_team(team: Team) -> Tool:
    return tool_current(SERVICE_TOOLS.get(team.service.kind, "cype_audit"))


def _link(audit: Audit) -> str:
    return reverse("audits:detail", args=[audit.pk])


def _check_version(audit: Audit, version: int) -> None:
    if version != audit.version:
        raise ConflictError(
            f"This audit changed since you opened it (you had version {version}, it is now "
            f"version {audit.version}). Reload it and try again; nothing was saved."
        )


def _locked(audit_id: int) -> Audit:
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related(
            "case__child", "team__service", "tool", "auditor", "practitioner", "moderator"
        )
        .get(pk=audit_id)
    )


def _history(audit: Audit, actor: Any, kind: str, before: str, **detail: Any) -> None:
    AuditChange.objects.create(
        audit=audit,
        actor=actor,
        kind=kind,
        from_status=before,
        to_status=audit.status,
        detail=detail,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=audit,
        child_ref=audit.case.child.reference,
        summary=f"Audit {audit.pk}: {kind.replace('_', ' ')}",
        changes=detail,
    )


def _bump(audit: Audit, fields: list[str]) -> None:
    audit.version += 1
    audit.save(update_fields=[*fields, "version"])


# The cycle and its calendar -----------------------------------------------------


# (month of the cycle, kind, audit round, title): the framework's four months.
CYCLE_MONTHS = [
    (1, CalendarEntry.Kind.AUDIT, 1, "Audit month"),
    (2, CalendarEntry.Kind.MODERATION, 1, "Moderation and appreciative inquiry"),
    (3, CalendarEntry.Kind.AUDIT, 2, "Audit month"),
    (4, CalendarEntry.Kind.MODERATION, 2, "Moderation"),
]


def cycle_calendar_create(cycle: Cycle) -> list[CalendarEntry]:
    """The cycle's four months in the QA calendar (part of cycle_create's transaction)."""
    return CalendarEntry.objects.bulk_create(
        [
            CalendarEntry(
                cycle=cycle,
                kind=kind,
                round=rnd,
                title=f"{cycle.label}: {title}",
                starts_on=cycle.month_start(m),
                ends_on=cycle.month_end(m),
            )
            for m, kind, rnd, title in CYCLE_MONTHS
        ]
    )


@transaction.atomic
def cycle_create(*, actor: Any, year: int, number: int, starts_on: date) -> Cycle:
    """A cycle and its four calendar months (audit, moderation and AI, audit, moderation)."""
    require_perm(actor, Perm.RUN_QA)
    if number not in (1, 2, 3):
        raise InvalidInput({"number": "A year has cycles 1, 2 and 3."})
    if Cycle.objects.filter(year=year, number=number).exists():
        raise InvalidInput({"number": f"{year} cycle {number} already exists."})
    cycle = Cycle.objects.create(year=year, number=number, starts_on=starts_on.replace(day=1))
    cycle_calendar_create(cycle)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=cycle,
        summary=f"Created the audit cycle {cycle.label}",
    )
    return cycle


@transaction.atomic
def calendar_entry_save(
    *, actor: Any, entry: CalendarEntry | None, values: dict[str, Any]
) -> CalendarEntry:
    require_perm(actor, Perm.RUN_QA)
    if values["ends_on"] < values["starts_on"]:
        raise InvalidInput({"ends_on": "The end date must be on or after the start date."})
    if entry is None:
        entry = CalendarEntry.objects.create(**values)
        trail.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=entry,
            summary=f"Added to the QA calendar: {entry.title}",
        )
        return entry
    changes = trail.field_changes(entry, values)
    for key, value in values.items():
        setattr(entry, key, value)
    entry.save()
    if changes:
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=entry,
            changes=changes,
            summary=f"Changed the QA calendar: {entry.title}",
        )
        # Moving an audit or moderation month moves the due dates that follow from it.
        if (
            entry.cycle_id
            and entry.round
            and entry.kind in (CalendarEntry.Kind.AUDIT, CalendarEntry.Kind.MODERATION)
        ):
            field = "due_date" if entry.kind == CalendarEntry.Kind.AUDIT else "moderation_due"
            Audit.objects.filter(cycle_id=entry.cycle_id, round=entry.round).exclude(
                status=Audit.Status.FINALISED
            ).update(**{field: entry.ends_on}, version=F("version") + 1)
    return entry


def _month(cycle: Cycle, kind: str, rnd: int) -> CalendarEntry:
    entry = cycle.calendar.filter(kind=kind, round=rnd).first()
    if entry is None:
        raise InvalidInput({"round": f"{cycle.label} has no {kind} month for round {rnd}."})
    return entry


# Sampling and allocation ---------------------------------------------------------


def eligible_cases(*, on: date, exclude_months: int) -> list[tuple[int, int]]:
    """Open cases not audited in the last `exclude_months` months, as (case, team) ids."""
    since = add_months(on.replace(day=1), -exclude_months)
    recently = Audit.objects.filter(allocated_at__date__gte=since).values("case_id")
    return list(
        Case.objects.filter(closed_on__isnull=True, team__service__kind__in=AUDITED_SERVICES)
        .exclude(pk__in=recently)
        .values_list("pk", "team_id")
    )


AUDITED_SERVICES = [
    k
    for k in Service.Kind.values
    if k not in (Service.Kind.QA_UNIT, Service.Kind.CP_CHAIRS, Service.Kind.IRO)
]


@transaction.atomic
def sample_draw(
    *,
    actor: Any,
    cycle: Cycle,
    round: int,
    target: int = 160,
    min_per_team: int = 1,
    exclude_months: int = 6,
    seed: int | None = None,
    on: date | None = None,
) -> Sample:
    require_perm(actor, Perm.RUN_QA)
    if round not in (1, 2):
        raise InvalidInput({"round": "A cycle has two audit months: round 1 or 2."})
    if target < 1:
        raise InvalidInput({"target": "Draw at least one case."})
    if Sample.objects.filter(cycle=cycle, round=round).exists():
        raise InvalidInput({"round": f"{cycle.label} round {round} already has a sample."})
    seed = seed if seed is not None else int(clock.now().timestamp())
    eligible = eligible_cases(on=on or clock.today(), exclude_months=exclude_months)
    draws = sampling.draw_sample(eligible, target=target, min_per_team=min_per_team, seed=seed)
    sample = Sample.objects.create(
        cycle=cycle,
        round=round,
        seed=seed,
        target_size=target,
        min_per_team=min_per_team,
        exclude_months=exclude_months,
        eligible_cases=len(eligible),
        drawn_by=actor,
    )
    SampleItem.objects.bulk_create(
        [
            SampleItem(
                sample=sample,
                case_id=d.case_id,
                team_id=d.team_id,
                stratum_size=d.stratum_size,
                stratum_quota=d.stratum_quota,
                draw=d.draw,
            )
            for d in draws
        ],
        batch_size=1000,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=sample,
        summary=f"Drew {len(draws)} cases for {cycle.label} round {round}",
        changes={
            "seed": seed,
            "target": target,
            "min_per_team": min_per_team,
            "exclude_months": exclude_months,
            "eligible": len(eligible),
        },
    )
    return sample


@transaction.atomic
def sample_swap(*, actor: Any, item: SampleItem, reason: str) -> SampleItem:
    """Swap a case out for the next case in its team's draw; the reason is kept."""
    require_perm(actor, Perm.RUN_QA)
    if not reason.strip():
        raise InvalidInput({"reason": "Say why this case is being swapped."})
    sample = item.sample
    if sample.status != Sample.Status.DRAFT or item.swapped_out:
        raise InvalidInput({"item": "Only cases in a sample not yet allocated can be swapped."})
    in_sample = set(sample.items.values_list("case_id", flat=True))
    team_cases = [
        c
        for c, t in eligible_cases(on=clock.today(), exclude_months=sample.exclude_months)
        if t == item.team_id
    ]
    new_case = sampling.replacement(team_cases, in_sample, seed=sample.seed, team_id=item.team_id)
    if new_case is None:
        raise InvalidInput({"item": f"{item.team} has no other eligible case to swap in."})
    item.swapped_out = True
    item.swap_reason = reason.strip()
    item.save(update_fields=["swapped_out", "swap_reason"])
    replacement = SampleItem.objects.create(
        sample=sample,
        case_id=new_case,
        team_id=item.team_id,
        stratum_size=item.stratum_size,
        stratum_quota=item.stratum_quota,
        draw=item.draw,
        replaces=item,
    )
    trail.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=item,
        child_ref=item.case.child.reference,
        summary=f"Swapped a case out of {sample}: {reason.strip()}",
    )
    return replacement


@transaction.atomic
def sample_allocate(
    *, actor: Any, sample: Sample, auditors: dict[int, User] | None = None
) -> list[Audit]:
    """One audit per case: the team manager audits, with the practitioner who holds it."""
    require_perm(actor, Perm.RUN_QA)
    if sample.status != Sample.Status.DRAFT:
        raise InvalidInput({"sample": "This sample is already allocated."})
    month = _month(sample.cycle, CalendarEntry.Kind.AUDIT, sample.round)
    moderation = sample.cycle.calendar.filter(
        kind=CalendarEntry.Kind.MODERATION, round=sample.round
    ).first()
    items = list(
        sample.items.filter(swapped_out=False).select_related(
            "case__allocated_worker", "team__manager", "team__service"
        )
    )
    missing = sorted(
        {
            i.team.name
            for i in items
            if (auditors or {}).get(i.pk) is None and i.team.manager is None
        }
    )
    if missing:
        raise InvalidInput(
            {
                "auditor": "These teams have no team manager to audit: "
                + ", ".join(missing)
                + ". Choose an auditor for their cases."
            }
        )
    tools: dict[int, Tool] = {}
    audits = []
    for item in items:
        if item.team_id not in tools:
            tools[item.team_id] = tool_for_team(item.team)
        audits.append(
            Audit(
                cycle=sample.cycle,
                round=sample.round,
                sample_item=item,
                case=item.case,
                team=item.team,
                tool=tools[item.team_id],
                auditor=(auditors or {}).get(item.pk) or item.team.manager,
                practitioner=item.case.allocated_worker,
                due_date=month.ends_on,
                moderation_due=moderation.ends_on if moderation else None,
            )
        )
    created = Audit.objects.bulk_create(audits, batch_size=500)
    if created and created[0].pk is None:  # backends without RETURNING
        created = list(Audit.objects.filter(sample_item__sample=sample))
    AuditChange.objects.bulk_create(
        [
            AuditChange(
                audit=a,
                actor=actor,
                kind="allocated",
                to_status=a.status,
                detail={"auditor": a.auditor.username},
            )
            for a in created
        ],
        batch_size=1000,
    )
    sample.status = Sample.Status.ALLOCATED
    sample.save(update_fields=["status"])
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=sample,
        summary=f"Allocated {len(created)} audits for {sample.cycle.label}",
    )
    by_auditor: dict[int, list[Audit]] = {}
    for a in created:
        by_auditor.setdefault(a.auditor_id, []).append(a)
    for group in by_auditor.values():
        notification_send(
            recipients=[group[0].auditor],
            kind="audit_allocated",
            text=f"{len(group)} audit{'s' if len(group) != 1 else ''} allocated to you for "
            f"{sample.cycle.label}, due {month.ends_on:%d %B %Y}",
            link=reverse("audits:list"),
            object_type="audit",
        )
    return created


@transaction.atomic
def audit_reassign(*, actor: Any, audit_id: int, auditor: User, version: int) -> Audit:
    require_perm(actor, Perm.RUN_QA)
    audit = _locked(audit_id)
    _check_version(audit, version)
    if not audit.is_open_for_answers:
        raise InvalidInput({"auditor": "Only an audit not yet submitted can be reallocated."})
    before = audit.auditor.username
    audit.auditor = auditor
    _bump(audit, ["auditor"])
    _history(audit, actor, "reallocated", audit.status, auditor=[before, auditor.username])
    notification_send(
        recipients=[auditor],
        kind="audit_allocated",
        obj=audit,
        text=f"An audit of a {audit.case.get_case_type_display()} case was "
        f"allocated to you, due {audit.due_date:%d %B %Y}",
        link=_link(audit),
    )
    return audit


# Auditing ------------------------------------------------------------------------


def _require_auditor(actor: Any, audit: Audit) -> None:
    if audit.auditor_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the allocated auditor can answer or submit this audit.")


@transaction.atomic
def audit_save_draft(
    *, actor: Any, audit_id: int, version: int, responses: dict[str, Any]
) -> Audit:
    """Save answers as they go: partial is fine, but each answer given must be valid."""
    audit = _locked(audit_id)
    _require_auditor(actor, audit)
    _check_version(audit, version)
    if not audit.is_open_for_answers:
        raise InvalidInput({"status": "This audit has been submitted; its answers are final."})
    cleaned, errors = validate(audit.tool.parsed, responses)
    if errors:
        raise InvalidInput({f"responses.{k}": v for k, v in errors.items()})
    before = audit.status
    merged = {**audit.responses, **cleaned}
    # An answer sent as blank clears it.
    for key, value in responses.items():
        if value in (None, "") and key in merged:
            del merged[key]
    changed = sorted(
        k for k in set(merged) | set(audit.responses) if merged.get(k) != audit.responses.get(k)
    )
    audit.responses = merged
    audit.status = Audit.Status.IN_PROGRESS
    _bump(audit, ["responses", "status"])
    _history(audit, actor, "draft_saved", before, questions=changed)
    return audit


@transaction.atomic
def audit_submit(*, actor: Any, audit_id: int, version: int, grade: str) -> Audit:
    audit = _locked(audit_id)
    _require_auditor(actor, audit)
    _check_version(audit, version)
    if not audit.is_open_for_answers:
        raise InvalidInput({"status": "This audit has already been submitted."})
    errors: dict[str, Any] = {}
    if grade not in GRADES:
        errors["grade"] = f"Choose the overall grade: {', '.join(GRADES)}."
    missing = missing_required(audit.tool.parsed, audit.responses)
    if missing:
        errors["responses"] = {
            "missing": missing,
            "message": f"Answer every required question ({len(missing)} unanswered).",
        }
    if errors:
        raise InvalidInput(errors)
    before = audit.status
    audit.auditor_grade = grade
    audit.status = Audit.Status.SUBMITTED
    audit.submitted_at = clock.now()
    fields = ["auditor_grade", "status", "submitted_at"]
    if audit.moderator_id is None:
        managers = service_managers_of(audit.team)
        if managers:
            audit.moderator = managers[0]
            fields.append("moderator")
    _bump(audit, fields)
    _history(audit, actor, "submitted", before, grade=grade)
    if audit.moderator is not None:
        notification_send(
            recipients=[audit.moderator],
            kind="audit_submitted",
            obj=audit,
            text=f"An audit graded {GRADE_LABELS[grade].lower()} is ready for moderation",
            link=_link(audit),
        )
    return audit


# Moderation ----------------------------------------------------------------------


def may_moderate(user: Any, audit: Audit) -> bool:
    if audit.moderator_id == getattr(user, "pk", None):
        return True
    if has_perm(user, Perm.RUN_QA):
        return True
    if not has_perm(user, Perm.MODERATE):
        return False
    access = access_for(user)
    return access.all_teams or audit.team_id in access.team_ids


def _require_moderator(actor: Any, audit: Audit) -> None:
    if not may_moderate(actor, audit):
        raise PermissionDenied("Only a moderating manager for this service can moderate.")


@transaction.atomic
def moderation_record(
    *,
    actor: Any,
    audit_id: int,
    version: int,
    decision: str,
    grade: str = "",
    reason: str = "",
    notes: str = "",
    meeting_date: date | None = None,
    checks: dict[int, tuple[str, str]] | None = None,
) -> Audit:
    """The moderation meeting's outcome. A changed grade needs a reason; both grades are kept."""
    audit = _locked(audit_id)
    _require_moderator(actor, audit)
    _check_version(audit, version)
    if audit.status not in (Audit.Status.SUBMITTED, Audit.Status.IN_MODERATION):
        raise InvalidInput({"status": "Only a submitted audit can be moderated."})
    errors: dict[str, str] = {}
    if decision not in Moderation.Decision.values:
        errors["decision"] = "Choose agree, challenge or change."
    if decision == Moderation.Decision.CHANGE:
        if grade not in GRADES:
            errors["grade"] = "Choose the moderated grade."
        elif grade == audit.auditor_grade:
            errors["grade"] = "The moderated grade is the auditor's grade: choose agree instead."
        if not reason.strip():
            errors["reason"] = "Say why the grade changes."
    elif grade and grade not in GRADES:
        errors["grade"] = f"Choose one of: {', '.join(GRADES)}."
    if errors:
        raise InvalidInput(errors)
    moderated = grade if decision == Moderation.Decision.CHANGE else audit.auditor_grade
    moderation, _ = Moderation.objects.update_or_create(
        audit=audit,
        defaults={
            "moderator": actor,
            "decision": decision,
            "grade": moderated,
            "reason": reason.strip(),
            "notes": notes.strip(),
            "meeting_date": meeting_date,
        },
    )
    from assure.actions.selectors import actions_for_source

    own_actions = {a.pk: a for a in actions_for_source("audit", str(audit.pk))}
    for action_id, (outcome, note) in (checks or {}).items():
        if action_id not in own_actions:
            raise InvalidInput({f"checks.{action_id}": "That action is not part of this audit."})
        if outcome not in ActionCheck.Outcome.values:
            raise InvalidInput({f"checks.{action_id}": "Choose done, partly or not done."})
        ActionCheck.objects.update_or_create(
            moderation=moderation, action_id=action_id, defaults={"outcome": outcome, "note": note}
        )
    before = audit.status
    audit.moderated_grade = moderated
    audit.status = Audit.Status.IN_MODERATION
    fields = ["moderated_grade", "status"]
    if audit.moderator_id is None:
        audit.moderator = actor
        fields.append("moderator")
    _bump(audit, fields)
    _history(
        audit,
        actor,
        "moderated",
        before,
        decision=decision,
        auditor_grade=audit.auditor_grade,
        moderated_grade=moderated,
        reason=reason.strip(),
    )
    return audit


@transaction.atomic
def audit_action_add(
    *, actor: Any, audit_id: int, description: str, owner: User, due_date: date
) -> Any:
    """An action from the audit: set by the auditor while auditing or the moderator after."""
    from assure.actions.services import action_create

    audit = _locked(audit_id)
    if audit.status == Audit.Status.FINALISED:
        raise InvalidInput({"status": "This audit is finalised; raise a new action instead."})
    if audit.is_open_for_answers:
        _require_auditor(actor, audit)
    else:
        _require_moderator(actor, audit)
    action = action_create(
        actor=actor,
        description=description,
        owner=owner,
        due_date=due_date,
        source_type="audit",
        source_id=str(audit.pk),
        team=audit.team,
        child_ref=audit.case.child.reference,
    )
    _bump(audit, [])
    _history(audit, actor, "action_added", audit.status, action=action.pk, owner=owner.username)
    return action


@transaction.atomic
def audit_finalise(*, actor: Any, audit_id: int, version: int) -> Audit:
    audit = _locked(audit_id)
    _require_moderator(actor, audit)
    _check_version(audit, version)
    if audit.status != Audit.Status.IN_MODERATION:
        raise InvalidInput({"status": "Record the moderation before finalising."})
    before = audit.status
    audit.final_grade = audit.moderated_grade or audit.auditor_grade
    audit.status = Audit.Status.FINALISED
    audit.finalised_at = clock.now()
    _bump(audit, ["final_grade", "status", "finalised_at"])
    _history(audit, actor, "finalised", before, final_grade=audit.final_grade)
    notification_send(
        recipients=[*service_managers_of(audit.team), audit.auditor],
        kind="audit_finalised",
        obj=audit,
        link=_link(audit),
        text=f"The moderated audit of case {audit.case.child.reference} is finalised "
        f"({GRADE_LABELS[audit.final_grade].lower()}): its document is ready for the "
        "child's record",
    )
    return audit


# Appreciative inquiry -----------------------------------------------------------


@transaction.atomic
def inquiry_record(
    *,
    actor: Any,
    team: Team,
    cycle: Cycle | None,
    kind: str,
    responses: dict[str, Any],
    audit_ids: list[int],
) -> AppreciativeInquiry:
    """A team's appreciative inquiry (or a supervision) with the audits it drew on."""
    access = access_for(actor)
    in_scope = access.all_teams or team.pk in access.team_ids
    if not (
        has_perm(actor, Perm.RUN_QA)
        or (
            has_perm(actor, Perm.VIEW_CASES)
            and in_scope
            and (has_perm(actor, Perm.AUDIT_CASES) or has_perm(actor, Perm.MODERATE))
        )
    ):
        raise PermissionDenied("Only the team's managers or the QA unit record its inquiry.")
    tool = tool_current("appreciative_inquiry")
    cleaned, errors = validate(tool.parsed, responses)
    missing = missing_required(tool.parsed, cleaned)
    errors.update({k: "Answer this question." for k in missing})
    if kind not in AppreciativeInquiry.Kind.values:
        errors["kind"] = "Choose a team inquiry or a supervision."
    audits = list(Audit.objects.filter(pk__in=audit_ids, team=team))
    if len(audits) != len(set(audit_ids)):
        errors["audits"] = "Link only audits of this team's cases."
    if errors:
        raise InvalidInput(errors)
    inquiry = AppreciativeInquiry.objects.create(
        team=team, cycle=cycle, kind=kind, tool=tool, responses=cleaned, recorded_by=actor
    )
    inquiry.audits.set(audits)
    trail.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=inquiry,
        summary=f"Recorded {inquiry.get_kind_display().lower()} for {team}",
    )
    return inquiry


def audits_in_scope_q(user: Any) -> Any:
    """Helper for selectors: the case scope rule applied to audits."""
    return case_filter(user, team_field="team", worker_field="practitioner")
