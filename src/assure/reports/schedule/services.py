"""The schedule's reads and writes: due dates, reminders, adding a report, asking for one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from assure.core import clock, trail
from assure.core.errors import ConflictError, InvalidInput
from assure.core.models import AuditEvent
from assure.core.notifications import notification_send
from assure.core.policy import require_perm
from assure.core.roles import Perm
from assure.core.working_days import add_working_days

from ..document_jobs import document_request
from ..models import DocumentJob, ReportProduction, ScheduledReport, ScheduleReminder
from . import periods

REMIND_WITHIN_WORKING_DAYS = 5
KIND = "scheduled_report"


@dataclass(frozen=True)
class DueReport:
    report: ScheduledReport
    period: periods.SchedulePeriod | None
    next_due: date | None
    last_produced: date | None

    @property
    def generated(self) -> bool:
        return bool(self.report.generator)

    def as_api(self) -> dict[str, Any]:
        r = self.report
        return {
            "id": r.key,
            "title": r.title,
            "purpose": r.purpose,
            "audience": r.audience,
            "cadence": r.cadence,
            "owner": r.owner.username if r.owner else None,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "next_period": self.period.key if self.period else None,
            "last_produced": self.last_produced.isoformat() if self.last_produced else None,
            "generated": self.generated,
        }


def _due(report: ScheduledReport) -> DueReport:
    """The first period after the last one produced (or the schedule's first), and its due date."""
    made = list(report.productions.all())  # prefetched, newest first
    last_produced = timezone.localdate(made[0].produced_at) if made else None
    if report.cadence == ScheduledReport.Cadence.DAILY:
        return DueReport(report, None, None, last_produced)
    done = {m.period for m in made}
    period = periods.period_containing(report.cadence, report.starts_on)
    # Past every produced period: the schedule asks for the next one not yet made.
    latest = max(
        (periods.parse(report.cadence, key) for key in done if _valid(report.cadence, key)),
        default=None,
    )
    if latest is not None and latest >= period:
        period = periods.following(report.cadence, latest)
    due = periods.due_on(
        report.cadence, period, due_days=report.due_days, due_month=report.due_month
    )
    return DueReport(report, period, due, last_produced)


def _valid(cadence: str, key: str) -> bool:
    try:
        periods.parse(cadence, key)
    except InvalidInput:
        return False
    return True


def _reports() -> list[ScheduledReport]:
    return list(
        ScheduledReport.objects.select_related("owner").prefetch_related(
            Prefetch("productions", queryset=ReportProduction.objects.order_by("-produced_at"))
        )
    )


def schedule_rows() -> list[DueReport]:
    """Every report with its next due date, soonest first (two queries in all)."""
    rows = [_due(r) for r in _reports()]
    return sorted(rows, key=lambda d: (d.next_due or date.max, d.report.title))


def _closures() -> frozenset[date]:
    from assure.authority import settings_reader

    return settings_reader.closure_days()


def schedule_remind(now: datetime) -> int:
    """Remind each owner of a report due today or within 5 working days, once per due date."""
    today = timezone.localdate(now)
    horizon = add_working_days(today, REMIND_WITHIN_WORKING_DAYS, closures=_closures())
    sent = 0
    for row in schedule_rows():
        owner = row.report.owner
        if owner is None or row.next_due is None or not (today <= row.next_due <= horizon):
            continue
        try:
            with transaction.atomic():
                ScheduleReminder.objects.create(report=row.report, due_on=row.next_due, sent_at=now)
                notification_send(
                    recipients=[owner],
                    kind="report_due",
                    text=f"{row.report.title} is due on {row.next_due:%d %B %Y}",
                    link="/reports/",
                    obj=row.report,
                )
        except IntegrityError:
            continue  # already reminded for this due date
        sent += 1
    return sent


def report_add(*, actor: Any, **fields: Any) -> ScheduledReport:
    """A report the council adds to its schedule."""

    require_perm(actor, Perm.RUN_QA)
    errors = {}
    for name in ("title", "purpose", "audience", "cadence"):
        if not str(fields.get(name) or "").strip():
            errors[name] = f"Enter the report's {name}."
    if fields.get("cadence") and fields["cadence"] not in ScheduledReport.Cadence.values:
        errors["cadence"] = "Choose how often it is produced."
    if errors:
        raise InvalidInput(errors)
    base = slugify(fields["title"])[:50] or "report"
    key, n = base, 1
    while ScheduledReport.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    with transaction.atomic():
        report = ScheduledReport.objects.create(
            key=key,
            title=fields["title"].strip(),
            purpose=fields["purpose"].strip(),
            audience=fields["audience"].strip(),
            difference=str(fields.get("difference") or "").strip(),
            cadence=fields["cadence"],
            owner=fields.get("owner"),
            starts_on=fields.get("starts_on") or clock.today(),
        )
        trail.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"Added {report.title} to the reporting schedule",
            obj=report,
        )
    return report


def report_generate(*, actor: Any, report: ScheduledReport, period: str) -> DocumentJob:
    """Queue the report's document for `period` (202 and a task in the API)."""
    # A daily report (a live dashboard) is never due, but a month of it can be made.
    cadence = "monthly" if report.cadence == ScheduledReport.Cadence.DAILY else report.cadence
    chosen = periods.parse(cadence, period)
    return document_request(
        actor=actor,
        kind=KIND,
        params={"report": report.key, "period": chosen.key},
        title=f"{report.title}, {chosen.key}",
    )


def report_set_owner(*, actor: Any, report: ScheduledReport, owner: Any, version: int) -> None:
    """Name who produces the report (they are reminded before it is due)."""

    require_perm(actor, Perm.RUN_QA)
    with transaction.atomic():
        updated = ScheduledReport.objects.filter(pk=report.pk, version=version).update(
            owner=owner, version=version + 1
        )
        if not updated:
            raise ConflictError("The report changed since you opened it. Reload and try again.")
        trail.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"{report.title}: owner set to {owner.get_full_name() or owner.username}",
            obj=report,
        )


def report_produced(*, actor: Any, report: ScheduledReport, period: str) -> ReportProduction:
    """Record that the report of `period` was made (the schedule moves on to the next)."""
    with transaction.atomic():
        made = ReportProduction.objects.create(
            report=report, period=period, produced_at=clock.now(), produced_by=actor
        )
        trail.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"{report.title} produced for {period}",
            obj=report,
        )
    return made
