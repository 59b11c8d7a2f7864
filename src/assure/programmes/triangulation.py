"""A district's programme beside what else Assure knows of that district (framework 2.2):
the year's case audit grades, chairs' QA grades and practice alerts, and the district's
open cases, so a COA visit's or a learning event's findings are read on one page with
them. Counts only: no child, practitioner or audit is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from assure.core import clock
from assure.core.grades import GRADE_SHORT_LABELS, GRADES

from .models import Programme

YEAR = timedelta(days=365)


@dataclass(frozen=True)
class DistrictPicture:
    district: str
    since: str
    audit_grades: list[tuple[str, int]]
    chair_grades: list[tuple[str, int]]
    alerts: int
    open_cases: int

    @property
    def audits(self) -> int:
        return sum(n for _g, n in self.audit_grades)

    @property
    def chair_qa(self) -> int:
        return sum(n for _g, n in self.chair_grades)


def _by_grade(rows: dict[str, int]) -> list[tuple[str, int]]:
    return [(GRADE_SHORT_LABELS[g], rows.get(g, 0)) for g in GRADES]


def district_picture(programme: Programme) -> DistrictPicture | None:
    """The year to the programme's first day (or to today, when that is sooner)."""
    from assure.audits.models import Audit
    from assure.org.models import Case
    from assure.reviews.models import MeetingQA, PracticeAlert

    district = programme.district
    if district is None:
        return None
    end = min(clock.local_moment(programme.ends_on + timedelta(days=1), 0), clock.now())
    start = end - YEAR
    audits = (
        Audit.objects.filter(team__district=district, finalised_at__gte=start, finalised_at__lt=end)
        .values("final_grade")
        .annotate(n=Count("id"))
    )
    chairs = (
        MeetingQA.objects.filter(
            meeting__team__district=district, recorded_at__gte=start, recorded_at__lt=end
        )
        .values("grade")
        .annotate(n=Count("id"))
    )
    return DistrictPicture(
        district=district.name,
        since=f"{timezone.localtime(start):%d %B %Y}",
        audit_grades=_by_grade({r["final_grade"]: r["n"] for r in audits}),
        chair_grades=_by_grade({r["grade"]: r["n"] for r in chairs}),
        alerts=PracticeAlert.objects.filter(
            team__district=district, created__gte=start, created__lt=end
        ).count(),
        open_cases=Case.objects.filter(team__district=district, closed_on__isnull=True).count(),
    )
