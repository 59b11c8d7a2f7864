"""Every list, dashboard and record page runs a fixed number of queries, whatever the
size of the authority.

Each page's number is pinned exactly, in the small world and again after the
data grew (tests/query_counts/helpers.py), so a page that starts running a
query per row fails here. Change a number only with a reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from assure.core import clock
from assure.core.roles import ROLES
from tests.query_counts.helpers import (
    Counted,
    assert_pinned,
    grow,
    measure_pages,
    signed_in,
    submit,
)
from tests.walks.samples import Samples

# (role, url) -> the pinned number of queries, measured with a cold cache.
PINNED: dict[tuple[str, str], int] = {
    # every role's home page
    ("practitioner", "/"): 8,
    ("business_support", "/"): 9,
    ("team_manager", "/"): 10,
    ("service_manager", "/"): 11,
    ("assistant_director", "/"): 13,
    ("director", "/"): 10,
    ("corporate_director", "/"): 10,
    ("principal_social_worker", "/"): 12,
    ("qa_pdm", "/"): 11,
    ("qa_sso", "/"): 11,
    ("qa_manager", "/"): 11,
    ("cp_chair", "/"): 9,
    ("iro", "/"): 9,
    ("analyst", "/"): 6,
    ("partner", "/"): 4,
    ("elected_member", "/"): 5,
    ("administrator", "/"): 5,
    ("director", "/cases/?team={team}"): 6,
    ("team_manager", "/cases/"): 6,
    ("practitioner", "/cases/"): 5,
    ("practitioner", "/cases/{case}/"): 7,
    ("director", "/cases/{case}/"): 7,
    ("elected_member", "/authority/"): 5,
    ("administrator", "/admin/people/"): 5,
    ("team_manager", "/audits/"): 7,
    ("qa_pdm", "/audits/"): 6,
    ("team_manager", "/audits/{audit}/"): 9,
    ("qa_pdm", "/audits/{audit}/"): 8,
    ("service_manager", "/audits/moderation/"): 6,
    ("qa_pdm", "/audits/moderation/"): 5,
    ("qa_pdm", "/audits/insight/"): 3,
    ("qa_pdm", "/audits/insight/completion/"): 7,
    ("qa_pdm", "/audits/insight/grades/"): 10,
    ("qa_pdm", "/audits/insight/calibration/"): 7,
    ("team_manager", "/audits/insight/calibration/mine/"): 7,
    ("qa_pdm", "/audits/insight/text/"): 11,
    ("director", "/audits/insight/"): 3,
    ("cp_chair", "/chairs/"): 7,
    ("qa_pdm", "/chairs/"): 5,
    ("cp_chair", "/chairs/meetings/{meeting}/"): 9,
    ("team_manager", "/chairs/alerts/"): 6,
    ("qa_pdm", "/chairs/alerts/"): 5,
    ("team_manager", "/chairs/alerts/{alert}/"): 7,
    ("qa_pdm", "/chairs/dashboard/"): 13,
    ("cp_chair", "/chairs/dashboard/"): 13,
    ("practitioner", "/actions/"): 5,
    ("team_manager", "/actions/oversee/"): 6,
    ("practitioner", "/actions/{action}/"): 5,
    ("qa_pdm", "/audit-trail/"): 5,
    ("administrator", "/audit-trail/"): 5,
    ("director", "/insight/"): 4,
    ("analyst", "/insight/"): 4,
    ("director", "/insight/glossary/"): 3,
    ("director", "/insight/benchmarks/"): 3,
    ("director", "/insight/indicators/referrals/"): 4,
    ("director", "/insight/report/"): 4,
    ("director", "/insight/report/trends/"): 4,
    ("director", "/insight/report/changes/"): 4,
    ("director", "/insight/report/snapshot/{snapshot}/"): 5,
}

MOMENT = datetime(2026, 10, 15, 10, 0)  # a working Thursday in the sampled cycle


def url_for(samples: Samples, url: str) -> str:
    return url.format(
        team=samples.world.team_a.pk,
        case=samples.world.cases["own"].pk,
        audit=samples.audit.pk,
        meeting=samples.meeting.pk,
        alert=samples.alert.pk,
        action=samples.action.pk,
        snapshot=samples.snapshot.pk,
    )


@pytest.fixture(scope="module")
def counted(samples: Samples) -> dict[tuple[str, str], Counted]:
    """Every page counted once per test process: small, then after the data grew.

    The growth stays in the module's transaction, which is rolled back at its end.
    """
    with clock.frozen(MOMENT):
        submit(samples.audit)
        samples.audit.refresh_from_db()
        found = measure_pages(
            [(role, url_for(samples, url)) for role, url in PINNED],
            signed_in(samples.world),
            lambda: grow(samples.world, 6),
        )
    return {(role, url): found[(role, url_for(samples, url))] for role, url in PINNED}


@pytest.mark.parametrize(("role", "url"), list(PINNED))
def test_query_counts_are_pinned_and_flat(
    counted: dict[tuple[str, str], Counted], db: Any, role: str, url: str
) -> None:
    assert_pinned(counted[(role, url)], PINNED[(role, url)], f"{url} as {role}")


def test_every_role_has_its_home_page_pinned() -> None:
    assert {role for role, url in PINNED if url == "/"} == set(ROLES)


def test_a_page_that_grows_with_the_data_fails() -> None:
    assert_pinned(Counted(small=5, large=5), 5, "flat")
    with pytest.raises(AssertionError, match="a query per row"):
        assert_pinned(Counted(small=5, large=17), 5, "a query per row")
    with pytest.raises(AssertionError, match="pinned at 4"):
        assert_pinned(Counted(small=5, large=5), 4, "more queries than pinned")
    with pytest.raises(AssertionError, match="answered 500"):
        assert_pinned(Counted(None, None, "/x/ answered 500"), 4, "broken")
