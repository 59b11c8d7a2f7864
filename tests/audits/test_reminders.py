"""Overdue audits remind the auditor, then tell the service manager; once each."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from assure.audits.jobs import audits_remind
from assure.audits.models import Audit
from assure.core.models import Notification
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_reminder_then_escalation_once_each(world: World, allocated: Audit) -> None:
    Audit.objects.update(due_date=date(2026, 12, 18))  # a Friday
    assert audits_remind(at(date(2026, 12, 18))) == {"reminded": 0, "escalated": 0}
    count = Audit.objects.count()
    assert audits_remind(at(date(2026, 12, 21))) == {"reminded": count, "escalated": 0}
    assert (
        Notification.objects.filter(
            kind="audit_overdue", user=world.user("team_manager"), object_id=str(allocated.pk)
        ).count()
        == 1
    )
    # 5 working days after Fri 18 Dec 2026, skipping Christmas and Boxing Day (Mon 28 Dec
    # is the substitute): 21, 22, 23, 24, 29 -> escalation only after Tue 29 Dec.
    assert audits_remind(at(date(2026, 12, 29)))["escalated"] == 0
    assert audits_remind(at(date(2026, 12, 30))) == {"reminded": 0, "escalated": count}
    told = Notification.objects.filter(kind="audit_overdue_escalated", object_id=str(allocated.pk))
    assert [n.user.username for n in told] == ["service_manager"]
    assert audits_remind(at(date(2026, 12, 31))) == {"reminded": 0, "escalated": 0}
