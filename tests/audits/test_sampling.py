"""The sample: stratified by team, proportional with a minimum, reproducible, explainable."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assure.audits import services
from assure.audits.models import Audit, Cycle
from assure.audits.sampling import draw_sample, quotas
from tests.conftest import World


def test_quotas_are_proportional_with_a_minimum() -> None:
    assert quotas({1: 100, 2: 50, 3: 10}, target=16, min_per_team=1) == {1: 10, 2: 5, 3: 1}
    # the minimum wins over the proportion, and the target is a floor, not a cap
    assert quotas({1: 1000, 2: 3, 3: 3}, target=4, min_per_team=2) == {1: 2, 2: 2, 3: 2}
    # a team never gives more than it has
    assert quotas({1: 2, 2: 100}, target=50, min_per_team=5) == {1: 2, 2: 48}


@given(
    st.dictionaries(st.integers(1, 60), st.integers(0, 400), min_size=1, max_size=60),
    st.integers(1, 300),
    st.integers(0, 5),
)
def test_quota_invariants(sizes: dict[int, int], target: int, minimum: int) -> None:
    q = quotas(sizes, target=target, min_per_team=minimum)
    assert all(0 <= q[t] <= sizes[t] for t in sizes)
    assert all(q[t] >= min(minimum, sizes[t]) for t in sizes)
    floor = sum(min(minimum, n) for n in sizes.values())
    assert sum(q.values()) == max(floor, min(target, sum(sizes.values())))


def test_same_seed_same_sample_and_reasons() -> None:
    eligible = [(case, case % 7) for case in range(1, 30001)]
    first = draw_sample(eligible, target=160, min_per_team=1, seed=42)
    again = draw_sample(list(reversed(eligible)), target=160, min_per_team=1, seed=42)
    other = draw_sample(eligible, target=160, min_per_team=1, seed=43)
    assert first == again and first != other
    assert len(first) == 160 and len({d.case_id for d in first}) == 160
    team0 = [d for d in first if d.team_id == 0]
    assert [d.draw for d in team0] == list(range(1, len(team0) + 1))
    assert all(d.stratum_size == 4285 and d.stratum_quota == len(team0) for d in team0)


@pytest.mark.django_db
def test_sample_leaves_out_closed_and_recently_audited_cases(world: World) -> None:
    closed = world.cases["team"]
    closed.closed_on = date(2026, 8, 1)
    closed.save()
    for team in (world.team_a, world.team_b, world.team_eh):
        team.manager = world.user("team_manager")
        team.save()
    qa = world.user("qa_pdm")
    cycle = services.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=10, seed=3, on=date(2026, 9, 1)
    )
    cases = set(sample.items.values_list("case__child__reference", flat=True))
    assert cases == {"REF-OWN", "REF-OTHER_AREA", "REF-EARLY_HELP"}
    item = sample.items.get(case=world.cases["own"])
    assert item.why == "Drawn 1 of 1 from A Family Support's 1 eligible open cases (seed 3)."
    services.sample_allocate(actor=qa, sample=sample)
    assert Audit.objects.count() == 3
    later = Cycle.objects.create(year=2027, number=1, starts_on=date(2027, 1, 1))
    from assure.audits.models import CalendarEntry

    CalendarEntry.objects.create(
        cycle=later,
        kind="audit",
        round=1,
        title="x",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 1, 31),
    )
    again = services.sample_draw(
        actor=qa, cycle=later, round=1, target=10, seed=3, exclude_months=6, on=date(2027, 1, 1)
    )
    assert again.items.count() == 0  # everything open was audited within six months


@pytest.mark.django_db
def test_swap_keeps_the_reason_and_draws_from_the_same_team(world: World) -> None:
    from assure.org.models import Case, Child

    for n in range(5):
        child = Child.objects.create(reference=f"A-{n}", age_band="5_9")
        Case.objects.create(
            child=child, case_type="cin", team=world.team_a, opened_on=date(2026, 1, 1)
        )
    qa = world.user("qa_pdm")
    cycle = services.cycle_create(actor=qa, year=2026, number=3, starts_on=date(2026, 9, 1))
    sample = services.sample_draw(
        actor=qa, cycle=cycle, round=1, target=3, min_per_team=1, seed=11, on=date(2026, 9, 1)
    )
    item = sample.items.filter(team=world.team_a).first()
    assert item is not None
    with pytest.raises(services.InvalidInput):
        services.sample_swap(actor=qa, item=item, reason=" ")
    new = services.sample_swap(actor=qa, item=item, reason="Case in care proceedings this month")
    item.refresh_from_db()
    assert item.swapped_out and item.swap_reason == "Case in care proceedings this month"
    assert new.team == world.team_a and new.replaces == item and new.case != item.case
    assert "replaced a case swapped out" in new.why
