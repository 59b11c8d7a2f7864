"""The figures: completion with its on-time boundaries, grades, scaling averages, phrases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from assure.audits import analytics
from assure.audits.models import Audit, Cycle, Moderation
from assure.audits.phrases import recurring
from assure.instruments.models import Tool
from assure.instruments.registry import tool_current
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
STATUSES = ("allocated", "in_progress", "submitted", "in_moderation", "finalised")
STRENGTHS = [
    "Purposeful direct work with the child; the child's voice is clear in the plan.",
    "Timely visits and purposeful direct work: the child's voice shapes the plan.",
    "Strong partnership with school; purposeful direct work continues.",
]
DEVELOPMENT = [
    "Chronology needs updating and management oversight recorded.",
    "Management oversight recorded late; update the chronology.",
    '=HYPERLINK("http://example.org","click") needs a contingency plan',
]


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """Phrases are cached by what they read; each test starts from nothing."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def make_audit(world: World, tool: Tool, cycle: Cycle | None, **fields: Any) -> Audit:
    case = world.cases[fields.pop("case", "own")]
    defaults: dict[str, Any] = {
        "cycle": cycle,
        "case": case,
        "team": case.team,
        "tool": tool,
        "auditor": world.user("team_manager"),
        "practitioner": case.allocated_worker,
        "due_date": date(2026, 9, 30),
    }
    defaults.update(fields)
    return Audit.objects.create(**defaults)


def build_history(world: World, per_cycle: int) -> list[Cycle]:
    """Three cycles of `per_cycle` audits each, at every step, for counting."""
    tool = tool_current("cype_audit")
    cycles = [
        Cycle.objects.get_or_create(year=y, number=n, defaults={"starts_on": d})[0]
        for y, n, d in [
            (2025, 3, date(2025, 9, 1)),
            (2026, 1, date(2026, 1, 1)),
            (2026, 2, date(2026, 5, 1)),
        ]
    ]
    auditors = [world.user("team_manager"), world.user("service_manager"), world.user("qa_pdm")]
    case_keys = list(world.cases)
    scale_keys = [q.key for q in tool.parsed.questions.values() if q.type == "scale"]
    text_keys = [q.key for q in tool.parsed.questions.values() if q.type == "text" and q.theme]
    audits: list[Audit] = []
    for c_index, cycle in enumerate(cycles):
        for i in range(per_cycle):
            status = STATUSES[i % len(STATUSES)]
            case = world.cases[case_keys[i % len(case_keys)]]
            submitted = status in ("submitted", "in_moderation", "finalised")
            given = GRADES[(i + c_index) % 4] if submitted else ""
            moderated = ""
            if status in ("in_moderation", "finalised"):
                moderated = GRADES[max(0, GRADES.index(given) - (i % 2))]
            responses: dict[str, Any] = {}
            if status != "allocated":
                responses = {k: 1 + (i + j) % 10 for j, k in enumerate(scale_keys)}
            if submitted:
                for j, k in enumerate(text_keys):
                    pool = STRENGTHS if k.endswith("strengths") else DEVELOPMENT
                    responses[k] = pool[(i + j) % len(pool)]
            audits.append(
                Audit(
                    cycle=cycle,
                    case=case,
                    team=case.team,
                    tool=tool,
                    auditor=auditors[i % len(auditors)],
                    practitioner=case.allocated_worker,
                    status=status,
                    responses=responses,
                    auditor_grade=given,
                    moderated_grade=moderated,
                    final_grade=moderated if status == "finalised" else "",
                    due_date=cycle.month_end(1),
                    submitted_at=datetime(2026, 1, 20, 12, tzinfo=LONDON) if submitted else None,
                )
            )
    created = Audit.objects.bulk_create(audits)
    Moderation.objects.bulk_create(
        [
            Moderation(
                audit=a,
                moderator=world.user("service_manager"),
                decision="agree" if a.moderated_grade == a.auditor_grade else "change",
                grade=a.moderated_grade,
                reason="" if a.moderated_grade == a.auditor_grade else "Evidence of drift",
            )
            for a in created
            if a.moderated_grade
        ]
    )
    return cycles


# Completion ----------------------------------------------------------------------


@pytest.mark.django_db
def test_completion_on_time_and_overdue_boundaries(world: World) -> None:
    tool = tool_current("cype_audit")
    cycle = Cycle.objects.create(year=2026, number=3, starts_on=date(2026, 9, 1))
    due = date(2026, 9, 30)
    make_audit(  # submitted late in the evening of the due day: on time
        world,
        tool,
        cycle,
        status="submitted",
        due_date=due,
        submitted_at=datetime(2026, 9, 30, 23, 30, tzinfo=LONDON),
    )
    make_audit(  # half past midnight in London (still 30 September in UTC): late
        world,
        tool,
        cycle,
        status="in_moderation",
        due_date=due,
        submitted_at=datetime(2026, 10, 1, 0, 30, tzinfo=LONDON),
    )
    make_audit(world, tool, cycle, status="in_progress", due_date=date(2026, 10, 1))  # due today
    make_audit(world, tool, cycle, status="allocated", due_date=due)  # overdue by a day
    make_audit(  # another team: only its own group counts it
        world,
        tool,
        cycle,
        case="early_help",
        status="finalised",
        due_date=due,
        submitted_at=datetime(2026, 9, 1, 9, tzinfo=LONDON),
    )
    table = analytics.completion(Audit.objects.all(), group="team", today=date(2026, 10, 1))
    rows = {r[1]: dict(zip(table.headers, r, strict=True)) for r in table.rows}
    team_a = rows["A Family Support"]
    assert team_a["Allocated"] == 4
    assert (team_a["Not started"], team_a["In progress"]) == (1, 1)
    assert (team_a["Submitted"], team_a["In moderation"], team_a["Finalised"]) == (1, 1, 0)
    assert team_a["Submitted on time"] == 1
    assert team_a["Submitted late"] == 1
    assert team_a["Overdue"] == 1
    assert team_a["Not yet due"] == 1
    assert team_a["% submitted on time"] == 50.0
    assert rows["A Early Help"]["Finalised"] == 1
    assert rows["A Early Help"]["Submitted on time"] == 1
    assert "1 is overdue" in table.summary


@pytest.mark.django_db
@pytest.mark.parametrize("group", list(analytics.GROUPS))
def test_completion_groups_add_up_to_every_audit(world: World, group: str) -> None:
    build_history(world, 10)
    table = analytics.completion(Audit.objects.all(), group=group, today=date(2026, 10, 1))
    assert sum(int(r[2] or 0) for r in table.rows) == 30
    assert table.rows[0][0] == "2026-T2"  # the latest cycle first


# Grades --------------------------------------------------------------------------


@pytest.mark.django_db
def test_grade_cross_table(world: World) -> None:
    tool = tool_current("cype_audit")
    for given, moderated in [
        ("good", "good"),
        ("good", "requires_improvement"),
        ("good", "requires_improvement"),
        ("outstanding", "good"),
        ("inadequate", "requires_improvement"),
    ]:
        make_audit(
            world,
            tool,
            None,
            status="in_moderation",
            auditor_grade=given,
            moderated_grade=moderated,
        )
    make_audit(world, tool, None, status="submitted", auditor_grade="good")  # not moderated
    table = analytics.grade_cross_table(Audit.objects.all())
    rows = {r[0]: r[1:] for r in table.rows}
    #                     moderated: O  G  RI I  total
    assert rows["Outstanding"] == (0, 1, 0, 0, 1)
    assert rows["Good"] == (0, 1, 2, 0, 3)
    assert rows["Requires improvement"] == (0, 0, 0, 0, 0)
    assert rows["Inadequate"] == (0, 0, 1, 0, 1)
    assert rows["Total"] == (0, 2, 3, 0, 5)
    assert "1 sit on the diagonal" in table.summary


@pytest.mark.django_db
def test_grade_distribution_and_trends(world: World) -> None:
    build_history(world, 20)
    final = analytics.grade_distribution(
        Audit.objects.all(), field_name="final_grade", by="service"
    )
    finalised = Audit.objects.filter(status="finalised").count()
    assert sum(int(r[5] or 0) for r in final.rows) == finalised
    given = analytics.grade_distribution(Audit.objects.all(), field_name="auditor_grade", by="team")
    assert (
        sum(int(r[5] or 0) for r in given.rows) == Audit.objects.exclude(auditor_grade="").count()
    )
    trends = analytics.grade_trends(Audit.objects.all())
    assert [r[0] for r in trends.rows] == ["2025-T3", "2026-T1", "2026-T2"]
    for row in trends.rows:
        assert sum(int(x or 0) for x in row[1:5]) == row[5]


@pytest.mark.django_db
def test_scale_averages_join_versions_by_question_key(world: World) -> None:
    v1 = tool_current("cype_audit")
    definition = dict(v1.definition, version=2)
    v2 = Tool.objects.create(
        key="cype_audit", version=2, title=v1.title, kind="audit", definition=definition
    )
    cycle = Cycle.objects.create(year=2026, number=3, starts_on=date(2026, 9, 1))
    submitted = datetime(2026, 9, 20, 10, tzinfo=LONDON)
    for tool, answers in [(v1, (4, 6)), (v2, (8, 10))]:
        make_audit(
            world,
            tool,
            cycle,
            status="submitted",
            submitted_at=submitted,
            responses={"plan_smart": answers[0], "plan_risk_managed": answers[1]},
        )
    make_audit(world, v1, cycle, status="in_progress", responses={"plan_smart": 1})  # a draft
    by_area, by_question = analytics.scale_averages(Audit.objects.all(), Tool.objects.all())
    planning = [r for r in by_area.rows if r[1] == "Planning process and risk management"]
    assert planning == [
        ("CYPE case audit", "Planning process and risk management", "2026-T3", 7.0, 4)
    ]
    smart = [r for r in by_question.rows if r[2] == "plan_smart"]
    assert [(r[5], r[7], r[8]) for r in smart] == [(1, 4.0, 1), (2, 8.0, 1)]


# Calibration ----------------------------------------------------------------------


@pytest.mark.django_db
def test_calibration_by_auditor_and_service(world: World) -> None:
    tool = tool_current("cype_audit")
    for given, moderated in [("good", "outstanding")] * 3 + [("good", "good")] * 2:
        make_audit(
            world,
            tool,
            None,
            status="in_moderation",
            auditor_grade=given,
            moderated_grade=moderated,
        )
    make_audit(
        world,
        tool,
        None,
        case="early_help",
        auditor=world.user("service_manager"),
        status="in_moderation",
        auditor_grade="good",
        moderated_grade="good",
    )
    table = analytics.calibration_table(Audit.objects.all(), by="auditor")
    rows = {r[0]: r for r in table.rows}
    tm = rows["Team_Manager Tester"]
    assert tm[1:5] == (5, 40.0, 60.0, 0.0)
    assert table.flags[table.rows.index(tm)] is True
    assert "moved up" in str(tm[7])
    assert rows["Service_Manager Tester"][1] == 1
    services = analytics.calibration_table(Audit.objects.all(), by="service")
    assert {r[0]: r[1] for r in services.rows} == {"Children's social work": 5, "Early help": 1}


# Phrases ----------------------------------------------------------------------------


def test_recurring_phrases_count_answers_not_repeats() -> None:
    phrases = recurring(
        [
            "Purposeful direct work with the child. Purposeful direct work again!",
            "Purposeful direct work; the child's voice is heard.",
            "The child's voice is heard in the plan.",
            "Nothing in common here",
        ],
        top=5,
    )
    found = {p.text: p.answers for p in phrases}
    assert found["purposeful direct work"] == 2  # two answers, though one says it twice
    assert found["child's voice"] == 2
    assert "direct work" not in found  # hidden inside the three-word phrase
    assert all(not p.text.startswith(("the ", "with ")) for p in phrases)
    assert all(p.answers >= 2 for p in phrases)


def test_phrases_do_not_cross_sentences() -> None:
    found = {p.text for p in recurring(["Good plan. Visits weekly"] * 2)}
    assert found == {"good plan", "visits weekly"}


@pytest.mark.django_db
def test_recurring_phrases_per_area_and_cycle(world: World) -> None:
    build_history(world, 10)
    questions = analytics.text_questions(Tool.objects.all())
    chosen = analytics.select_questions(questions, area="assessment", theme="strengths")
    table = analytics.recurring_phrases(Audit.objects.all(), chosen)
    assert {r[1] for r in table.rows} == {"Assessment (CYPE case audit)"}
    assert {r[0] for r in table.rows} == {"2025-T3", "2026-T1", "2026-T2"}
    assert any(r[3] == "purposeful direct work" for r in table.rows)


@pytest.mark.django_db
def test_text_search_is_case_insensitive_and_limited_to_chosen_questions(world: World) -> None:
    build_history(world, 10)
    questions = analytics.text_questions(Tool.objects.all())
    strengths = analytics.select_questions(questions, theme="strengths")
    development = analytics.select_questions(questions, theme="development")
    assert analytics.text_search(Audit.objects.all(), strengths, "PARTNERSHIP").exists()
    assert not analytics.text_search(Audit.objects.all(), development, "partnership").exists()
    found = analytics.text_search(Audit.objects.all(), strengths, "partnership").first()
    assert found is not None
    answers = analytics.answers_of(found, strengths, "partnership")
    assert answers and all("partnership" in a["text"].lower() for a in answers)
