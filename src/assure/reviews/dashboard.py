"""What chairs' QA shows, for the county, a district or a team.

Figures are aggregated in the database (values/annotate), a fixed handful of
queries whatever the number of meetings: QA grades, the SMART and timeframe
judgements (% yes per question), alerts raised, open by stage, overdue,
resolved and the median time to resolve, appreciations and mid-way review
completion, each by quarter, and the patterns by chair.

Who sees what: anyone with aggregate access sees the county; managers see
the districts and teams their scope reaches; the QA unit, chairs and senior
leaders see every unit and the patterns by chair. Elected members see county
aggregates only. Nothing here carries a child's reference.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.fields.json import KT
from django.utils import timezone

from assure.core import clock
from assure.core.policy import access_for, has_perm
from assure.core.roles import Perm
from assure.insight.charts import Chart, bar_chart, fmt, grouped_bar_chart
from assure.instruments.definitions import GRADE_LABELS, GRADES
from assure.org.models import District, Team

from .models import Appreciation, Meeting, MeetingQA, MidwayReview, PracticeAlert
from .stages import STAGES

# The yes/no judgements counted, in the order shown: (response key, label).
QUESTIONS = [
    ("plan_reflects_risks", "CP plan reflects the current risks"),
    ("plan_reflects_needs", "Care plan reflects current and foreseeable needs"),
    ("plan_meets_legal_duties", "Care plan consistent with legal duties"),
    ("actions_in_timeframe", "Actions within the child's timeframe"),
    ("smart_specific", "CP plan specific"),
    ("smart_measurable", "CP plan measurable"),
    ("smart_achievable", "CP plan achievable"),
    ("smart_realistic", "CP plan realistic"),
    ("smart_timed", "CP plan timed"),
]
GOOD_OR_BETTER = ("outstanding", "good")
MIDWAY_AFTER = timedelta(weeks=6)  # a meeting is due its mid-way review after six weeks


# ------------------------------------------------------------------ periods


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None, default: Quarter) -> Quarter:
        try:
            year, _, number = (text or "").upper().partition("-Q")
            quarter = cls(int(year), int(number))
        except ValueError:
            return default
        return quarter if 1 <= quarter.number <= 4 and 2000 <= quarter.year <= 2100 else default

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        nxt = self.next()
        return nxt.start - timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def back(self, n: int) -> list[Quarter]:
        """This quarter and the n-1 before it, oldest first."""
        out = [self]
        for _ in range(n - 1):
            out.append(out[-1].previous())
        return out[::-1]

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.start:%b} to {self.end:%b %Y}"

    def __str__(self) -> str:
        return self.key


# -------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    level: str  # "county", "district" or "team"
    pk: int | None
    name: str

    @property
    def key(self) -> str:
        return "county" if self.level == "county" else f"{self.level}:{self.pk}"

    def scope(self, prefix: str = "") -> Q:
        if self.level == "district":
            return Q(**{f"{prefix}team__district_id": self.pk})
        if self.level == "team":
            return Q(**{f"{prefix}team_id": self.pk})
        return Q()


def county(name: str = "The county") -> Unit:
    return Unit("county", None, name)


def sees_everything(user: Any) -> bool:
    access = access_for(user)
    return Perm.VIEW_CASES in access.perms and (access.all_teams or access.senior)


def sees_chairs(user: Any) -> bool:
    """Patterns by chair name staff: the QA unit, chairs and senior leaders."""
    access = access_for(user)
    return sees_everything(user) or Perm.RUN_QA in access.perms


def units_for(user: Any) -> list[Unit]:
    """The units this user may choose: the county, then districts and teams in scope."""
    access = access_for(user)
    if Perm.VIEW_AGGREGATES not in access.perms:
        return []
    units = [county()]
    if Perm.VIEW_CASES not in access.perms:
        return units  # elected members, analysts: county aggregates only
    teams = Team.objects.filter(district__isnull=False).select_related("district")
    if not sees_everything(user):
        teams = teams.filter(pk__in=sorted(access.team_ids))
    team_list = list(teams.order_by("district__name", "name"))
    districts = {t.district_id: t.district for t in team_list if t.district is not None}
    units += [
        Unit("district", d.pk, d.name) for d in sorted(districts.values(), key=lambda d: d.name)
    ]
    units += [Unit("team", t.pk, t.name) for t in team_list]
    return units


def unit_for(user: Any, key: str | None) -> Unit | None:
    """The unit named by `key` if this user may see it (None otherwise)."""
    key = key or "county"
    if key == "county":
        return county() if has_perm(user, Perm.VIEW_AGGREGATES) else None
    level, _, raw = key.partition(":")
    if level not in ("district", "team") or not raw.isdigit():
        return None
    for unit in units_for(user):
        if unit.level == level and unit.pk == int(raw):
            return unit
    return None


def district_unit(user: Any, district_id: int) -> Unit | None:
    return unit_for(user, f"district:{district_id}")


# ------------------------------------------------------------------ figures


@dataclass
class QuarterRow:
    quarter: Quarter
    meetings: int = 0
    qa_done: int = 0
    grades: dict[str, int] = field(default_factory=dict)
    alerts_raised: int = 0
    alerts_resolved: int = 0
    appreciations: int = 0
    midway_due: int = 0
    midway_done: int = 0

    @property
    def good_or_better(self) -> int:
        return sum(self.grades.get(g, 0) for g in GOOD_OR_BETTER)

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(self.good_or_better, self.qa_done)

    @property
    def midway_pct(self) -> float | None:
        return pct(self.midway_done, self.midway_due)


@dataclass
class ChairRow:
    chair_id: int
    name: str
    grades: dict[str, int] = field(default_factory=dict)
    alerts: int = 0

    @property
    def qa_done(self) -> int:
        return sum(self.grades.values())

    @property
    def alert_rate(self) -> float | None:
        return pct(self.alerts, self.qa_done)

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(sum(self.grades.get(g, 0) for g in GOOD_OR_BETTER), self.qa_done)


@dataclass
class Figures:
    unit: Unit
    quarters: list[Quarter]  # the trend, oldest first
    headline: list[Quarter]  # the quarters the headline figures cover
    by_quarter: dict[Quarter, QuarterRow]
    questions: list[tuple[str, str, int, int]]  # key, label, yes, answered
    open_by_stage: dict[int, int]
    responded_by_stage: dict[int, int]
    overdue: int
    median_days_to_resolve: float | None
    chairs: list[ChairRow] | None
    now: datetime

    def _sum(self, attribute: str) -> int:
        return sum(getattr(self.by_quarter[q], attribute) for q in self.headline)

    @property
    def period_label(self) -> str:
        first, last = self.headline[0], self.headline[-1]
        if first == last:
            return f"{first.label} ({first.key})"
        return f"{first.start:%B %Y} to {last.end:%B %Y}"

    @property
    def meetings(self) -> int:
        return self._sum("meetings")

    @property
    def qa_done(self) -> int:
        return self._sum("qa_done")

    @property
    def grades(self) -> dict[str, int]:
        return {g: sum(self.by_quarter[q].grades.get(g, 0) for q in self.headline) for g in GRADES}

    @property
    def good_or_better_pct(self) -> float | None:
        return pct(sum(self.grades[g] for g in GOOD_OR_BETTER), self.qa_done)

    @property
    def alerts_raised(self) -> int:
        return self._sum("alerts_raised")

    @property
    def alerts_resolved(self) -> int:
        return self._sum("alerts_resolved")

    @property
    def alerts_open(self) -> int:
        return sum(self.open_by_stage.values()) + sum(self.responded_by_stage.values())

    @property
    def appreciations(self) -> int:
        return self._sum("appreciations")

    @property
    def midway_due(self) -> int:
        return self._sum("midway_due")

    @property
    def midway_done(self) -> int:
        return self._sum("midway_done")

    @property
    def midway_pct(self) -> float | None:
        return pct(self.midway_done, self.midway_due)


def pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def figures(
    unit: Unit,
    last: Quarter,
    *,
    span: int = 4,
    headline_span: int = 4,
    chairs: bool = False,
    now: datetime | None = None,
) -> Figures:
    """Every figure of the dashboard for `unit`: trends over `span` quarters to `last`,
    headline figures over the last `headline_span` of them. Nine queries at most."""
    now = now or clock.now()
    quarters = last.back(span)
    headline = quarters[-headline_span:]
    start, end = quarters[0].start, last.end
    h_start = headline[0].start
    tz = timezone.get_current_timezone()
    start_at = datetime.combine(start, datetime.min.time(), tzinfo=tz)
    end_at = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    by_quarter = {q: QuarterRow(q) for q in quarters}
    midway_cutoff = timezone.localdate(now) - MIDWAY_AFTER

    # Quarters are counted with one conditional aggregate each (date ranges, no per-row
    # date functions), so each query reads the rows once and returns one row.
    def day_in(q: Quarter, path: str = "date") -> Q:
        return Q(**{f"{path}__gte": q.start, f"{path}__lte": q.end})

    # 1. Meetings, their QA and mid-way reviews, by quarter of the meeting.
    has_midway = Exists(MidwayReview.objects.filter(meeting_id=OuterRef("pk")))
    counted: dict[str, Any] = {}
    for i, q in enumerate(quarters):
        done_qa = day_in(q) & Q(qa__isnull=False)
        due = done_qa & Q(date__lte=midway_cutoff)
        counted[f"n{i}"] = Count("pk", filter=day_in(q))
        counted[f"qa{i}"] = Count("pk", filter=done_qa)
        counted[f"due{i}"] = Count("pk", filter=due)
        counted[f"done{i}"] = Count("pk", filter=due & Q(has_midway=True))
    row = (
        Meeting.objects.filter(unit.scope(), date__gte=start, date__lte=end)
        .annotate(has_midway=has_midway)
        .aggregate(**counted)
    )
    for i, q in enumerate(quarters):
        r = by_quarter[q]
        r.meetings, r.qa_done = row[f"n{i}"] or 0, row[f"qa{i}"] or 0
        r.midway_due, r.midway_done = row[f"due{i}"] or 0, row[f"done{i}"] or 0

    # 2. Grades by quarter.
    grades = (
        MeetingQA.objects.filter(
            unit.scope("meeting__"), meeting__date__gte=start, meeting__date__lte=end
        )
        .values("grade")
        .annotate(
            **{
                f"n{i}": Count("pk", filter=day_in(q, "meeting__date"))
                for i, q in enumerate(quarters)
            }
        )
        .order_by()
    )
    for graded in grades:
        for i, q in enumerate(quarters):
            by_quarter[q].grades[graded["grade"]] = graded[f"n{i}"]  # type: ignore[literal-required]

    # 3. The yes/no judgements over the headline period.
    aggregates: dict[str, Any] = {}
    for key, _ in QUESTIONS:
        aggregates[f"{key}__yes"] = Count("pk", filter=Q(**{f"j_{key}": "yes"}))
        aggregates[f"{key}__no"] = Count("pk", filter=Q(**{f"j_{key}": "no"}))
    judged = (
        MeetingQA.objects.filter(
            unit.scope("meeting__"), meeting__date__gte=h_start, meeting__date__lte=end
        )
        .annotate(**{f"j_{key}": KT(f"responses__{key}") for key, _ in QUESTIONS})
        .aggregate(**aggregates)
    )
    questions = [
        (
            key,
            label,
            judged[f"{key}__yes"] or 0,
            (judged[f"{key}__yes"] or 0) + (judged[f"{key}__no"] or 0),
        )
        for key, label in QUESTIONS
        if judged[f"{key}__yes"] or judged[f"{key}__no"]
    ]

    # 4. Alerts raised and resolved, by quarter.
    def moment_in(q: Quarter, path: str) -> Q:
        begins = datetime.combine(q.start, datetime.min.time(), tzinfo=tz)
        ends = datetime.combine(q.end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        return Q(**{f"{path}__gte": begins, f"{path}__lt": ends})

    alerts = PracticeAlert.objects.filter(unit.scope())
    counted = {}
    for i, q in enumerate(quarters):
        counted[f"raised{i}"] = Count("pk", filter=moment_in(q, "created"))
        counted[f"resolved{i}"] = Count("pk", filter=moment_in(q, "resolved_at"))
    row = alerts.filter(
        Q(created__gte=start_at, created__lt=end_at)
        | Q(resolved_at__gte=start_at, resolved_at__lt=end_at)
    ).aggregate(**counted)
    for i, q in enumerate(quarters):
        by_quarter[q].alerts_raised = row[f"raised{i}"] or 0
        by_quarter[q].alerts_resolved = row[f"resolved{i}"] or 0
    # 5. The times to resolve over the headline period, for the median.
    h_start_at = datetime.combine(h_start, datetime.min.time(), tzinfo=tz)
    durations = [
        (resolved_at - created).total_seconds() / 86400  # type: ignore[operator]
        for created, resolved_at in alerts.filter(
            resolved_at__gte=h_start_at, resolved_at__lt=end_at
        ).values_list("created", "resolved_at")
    ]
    # 6. Open now, by stage and whether overdue.
    open_by_stage = dict.fromkeys(STAGES, 0)
    responded_by_stage = dict.fromkeys(STAGES, 0)
    overdue = 0
    for stage_row in (
        alerts.exclude(status=PracticeAlert.Status.RESOLVED)
        .values("stage", "status")
        .annotate(
            n=Count("pk"),
            late=Count("pk", filter=Q(due__lt=now, status=PracticeAlert.Status.OPEN)),
        )
        .order_by()
    ):
        target = (
            open_by_stage
            if stage_row["status"] == PracticeAlert.Status.OPEN
            else responded_by_stage
        )
        target[stage_row["stage"]] = target.get(stage_row["stage"], 0) + stage_row["n"]
        overdue += stage_row["late"]

    # 7. Appreciations by quarter.
    row = Appreciation.objects.filter(
        unit.scope(), created__gte=start_at, created__lt=end_at
    ).aggregate(
        **{f"n{i}": Count("pk", filter=moment_in(q, "created")) for i, q in enumerate(quarters)}
    )
    for i, q in enumerate(quarters):
        by_quarter[q].appreciations = row[f"n{i}"] or 0

    # 8 and 9. Patterns by chair over the headline period.
    chair_rows: list[ChairRow] | None = None
    if chairs:
        found: dict[int, ChairRow] = {}
        for chair_row in (
            MeetingQA.objects.filter(
                unit.scope("meeting__"), meeting__date__gte=h_start, meeting__date__lte=end
            )
            .values(
                "meeting__chair_id",
                "meeting__chair__first_name",
                "meeting__chair__last_name",
                "meeting__chair__username",
                "grade",
            )
            .annotate(n=Count("pk"))
            .order_by()
        ):
            chair_id = chair_row["meeting__chair_id"]
            first_name, last_name = (
                chair_row["meeting__chair__first_name"],
                chair_row["meeting__chair__last_name"],
            )
            name = f"{first_name} {last_name}".strip() or chair_row["meeting__chair__username"]
            found.setdefault(chair_id, ChairRow(chair_id, name)).grades[chair_row["grade"]] = (
                chair_row["n"]
            )
        for raised_row in (
            alerts.filter(
                qa__isnull=False,
                qa__meeting__date__gte=h_start,
                qa__meeting__date__lte=end,
            )
            .values("raised_by_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            if raised_row["raised_by_id"] in found:
                found[raised_row["raised_by_id"]].alerts = raised_row["n"]
        chair_rows = sorted(found.values(), key=lambda c: c.name)

    return Figures(
        unit=unit,
        quarters=quarters,
        headline=headline,
        by_quarter=by_quarter,
        questions=questions,
        open_by_stage=open_by_stage,
        responded_by_stage=responded_by_stage,
        overdue=overdue,
        median_days_to_resolve=round(statistics.median(durations), 1) if durations else None,
        chairs=chair_rows,
        now=now,
    )


# ------------------------------------------------------------------- charts


_CHARTS_CACHE: dict[str, list[Chart]] = {}
_CHARTS_CACHE_SIZE = 128


def _shown(f: Figures) -> str:
    """Everything the charts show, as a key: the same figures make the same charts."""
    rows = [
        (
            r.quarter.key,
            r.meetings,
            r.qa_done,
            sorted(r.grades.items()),
            r.alerts_raised,
            r.alerts_resolved,
            r.appreciations,
            r.midway_due,
            r.midway_done,
        )
        for r in (f.by_quarter[q] for q in f.quarters)
    ]
    chairs = [(c.chair_id, c.name, sorted(c.grades.items()), c.alerts) for c in f.chairs or []]
    return repr(
        (
            f.unit,
            [q.key for q in f.headline],
            rows,
            f.questions,
            sorted(f.open_by_stage.items()),
            sorted(f.responded_by_stage.items()),
            f.overdue,
            f.chairs is None,
            chairs,
        )
    )


def charts(f: Figures) -> list[Chart]:
    """Every chart of the figures, each with its table and a sentence (remembered: building
    the specifications costs more than counting the figures)."""
    key = _shown(f)
    found = _CHARTS_CACHE.get(key)
    if found is None:
        found = _build_charts(f)
        if len(_CHARTS_CACHE) >= _CHARTS_CACHE_SIZE:
            _CHARTS_CACHE.clear()
        _CHARTS_CACHE[key] = found
    return found


def _build_charts(f: Figures) -> list[Chart]:
    name = f.unit.name
    out: list[Chart] = []
    grades = f.grades
    best = max(grades, key=lambda g: grades[g]) if f.qa_done else None
    out.append(
        bar_chart(
            "grades",
            "QA grades",
            f"{name}, {f.period_label}: {fmt(f.qa_done)} meetings quality-assured, "
            + (
                f"{fmt(f.good_or_better_pct)}% good or better; the most common grade was "
                f"{GRADE_LABELS[best].lower()}."
                if best
                else "no QA recorded yet."
            ),
            [GRADE_LABELS[g] for g in GRADES],
            [grades[g] for g in GRADES],
            category_title="Grade",
            value_title="Meetings",
        )
    )
    if f.questions:
        rates = [(label, pct(yes, n) or 0.0) for _, label, yes, n in f.questions]
        low_label, low = min(rates, key=lambda r: r[1])
        out.append(
            bar_chart(
                "judgements",
                "Plans judged yes, per question (%)",
                f"{name}, {f.period_label}: the lowest share of yes answers was "
                f"{fmt(low)}% ({low_label.lower()}).",
                [label for label, _ in rates],
                [value for _, value in rates],
                category_title="Question",
                value_title="% yes",
            )
        )
    rows = [f.by_quarter[q] for q in f.quarters]
    out.append(
        bar_chart(
            "good-or-better",
            "QA graded good or better, by quarter (%)",
            f"{name}: {fmt(rows[-1].good_or_better_pct)}% good or better in "
            f"{rows[-1].quarter.key}, against {fmt(rows[0].good_or_better_pct)}% in "
            f"{rows[0].quarter.key}.",
            [r.quarter.key for r in rows],
            [r.good_or_better_pct for r in rows],
            category_title="Quarter",
            value_title="% good or better",
        )
    )
    out.append(
        grouped_bar_chart(
            "alerts-appreciations",
            "Practice alerts and appreciations, by quarter",
            f"{name}: {fmt(sum(r.alerts_raised for r in rows))} practice alerts raised and "
            f"{fmt(sum(r.appreciations for r in rows))} appreciations sent over the "
            f"{len(rows)} quarters.",
            [
                row
                for r in rows
                for row in (
                    (r.quarter.key, "Alerts raised", r.alerts_raised),
                    (r.quarter.key, "Alerts resolved", r.alerts_resolved),
                    (r.quarter.key, "Appreciations", r.appreciations),
                )
            ],
            category_title="Quarter",
            series_title="Count",
            value_title="Number",
        )
    )
    out.append(
        grouped_bar_chart(
            "open-alerts",
            "Practice alerts open now, by stage",
            f"{name}: {fmt(f.alerts_open)} alerts open now, {fmt(f.overdue)} of them overdue "
            "for a response.",
            [
                row
                for stage, label in STAGES.items()
                for row in (
                    (f"{stage}: {label}", "Awaiting response", f.open_by_stage.get(stage, 0)),
                    (f"{stage}: {label}", "Responded", f.responded_by_stage.get(stage, 0)),
                )
            ],
            category_title="Stage",
            series_title="Status",
            value_title="Alerts",
        )
    )
    out.append(
        bar_chart(
            "midway",
            "Mid-way reviews completed, by quarter (%)",
            f"{name}, {f.period_label}: {fmt(f.midway_done)} of {fmt(f.midway_due)} meetings "
            f"due a mid-way review had one ({fmt(f.midway_pct)}%).",
            [r.quarter.key for r in rows],
            [r.midway_pct for r in rows],
            category_title="Quarter",
            value_title="% completed",
        )
    )
    if f.chairs:
        rates_by_chair = [(c.name, c.alert_rate) for c in f.chairs]
        known = [r for r in rates_by_chair if r[1] is not None]
        spread = (
            f"alert rates ranged from {fmt(min(r[1] for r in known))}% to "  # type: ignore[type-var]
            f"{fmt(max(r[1] for r in known))}% of meetings quality-assured."  # type: ignore[type-var]
            if known
            else "no QA recorded yet."
        )
        out.append(
            grouped_bar_chart(
                "chairs",
                "Grades by chair (%)",
                f"{name}, {f.period_label}: across {len(f.chairs)} chairs, {spread}",
                [
                    (c.name, GRADE_LABELS[g], pct(c.grades.get(g, 0), c.qa_done))
                    for c in f.chairs
                    for g in GRADES
                ],
                category_title="Chair",
                series_title="Grade",
                value_title="% of their QA",
            )
        )
    return out


def chart_by_key(f: Figures, key: str) -> Chart | None:
    return next((c for c in charts(f) if c.key == key), None)


def district_of(unit: Unit) -> District | None:
    if unit.level != "district" or unit.pk is None:
        return None
    return District.objects.filter(pk=unit.pk).first()
