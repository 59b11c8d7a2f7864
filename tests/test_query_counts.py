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
    # every role's home page (one query of them: the QA programmes they take part in)
    ("practitioner", "/"): 10,
    ("business_support", "/"): 11,
    ("team_manager", "/"): 12,
    ("service_manager", "/"): 13,
    # A director's home leads with the headline performance (the latest snapshot's
    # stored figures) and the QA picture: the last finished cycle's grades, this
    # cycle's completion by service (the cycles and a grouped count each) and the
    # unresolved alerts by stage (one grouped count).
    ("assistant_director", "/"): 20,
    ("director", "/"): 17,
    ("corporate_director", "/"): 17,
    # The QA unit's home shows what needs doing: this cycle's completion by team and
    # by auditor (the cycle, two grouped counts), overdue audits, the moderation
    # backlog and overdue actions (a count, the longest waiting and whether each was
    # chased today), the drifting auditors (one grouped count) and the alerts by
    # stage (a grouped count, the overdue ones and whether each was chased today),
    # and the first cycle guide (the first two cycles with their first sample, one query).
    ("principal_social_worker", "/"): 29,
    ("qa_pdm", "/"): 28,
    ("qa_sso", "/"): 28,
    ("qa_manager", "/"): 28,
    ("cp_chair", "/"): 11,
    ("iro", "/"): 11,
    ("analyst", "/"): 8,
    ("partner", "/"): 6,
    ("elected_member", "/"): 7,
    ("administrator", "/"): 14,
    ("director", "/cases/?team={team}"): 7,
    ("team_manager", "/cases/"): 7,
    ("practitioner", "/cases/"): 6,
    # two more: the QA programmes that sampled the case (and the reader's grants of them)
    ("practitioner", "/cases/{case}/"): 11,
    ("director", "/cases/{case}/"): 11,
    ("elected_member", "/authority/"): 6,
    ("administrator", "/admin/people/"): 6,
    # one more each: the teams of the audits one may see, for the team filter
    ("team_manager", "/audits/"): 11,
    ("qa_pdm", "/audits/"): 10,
    ("team_manager", "/audits/{audit}/"): 11,
    ("qa_pdm", "/audits/{audit}/"): 10,
    ("service_manager", "/audits/moderation/"): 9,
    ("qa_pdm", "/audits/moderation/"): 8,
    ("qa_pdm", "/audits/insight/"): 4,
    ("qa_pdm", "/audits/insight/completion/"): 8,
    ("qa_pdm", "/audits/insight/grades/"): 11,
    # the feedback list, the schedule (its reports and their productions), the triannual page
    ("qa_pdm", "/feedback/received/"): 6,
    ("director", "/reports/"): 6,
    ("qa_pdm", "/reports/triannual/"): 5,
    ("qa_pdm", "/audits/insight/calibration/"): 8,
    ("team_manager", "/audits/insight/calibration/mine/"): 8,
    ("qa_pdm", "/audits/insight/text/"): 14,
    ("director", "/audits/insight/"): 4,
    # the moderators' checks: a grouped count by auditor, team and cycle, and the
    # contradicted actions (their list and their number)
    ("qa_pdm", "/audits/insight/action-checks/"): 10,
    # the themes: the tool's questions and the answers, read in one query
    ("qa_pdm", "/audits/insight/inquiry-themes/"): 7,
    ("team_manager", "/audits/insight/inquiry-themes/"): 8,
    ("cp_chair", "/chairs/"): 10,
    ("qa_pdm", "/chairs/"): 8,
    ("cp_chair", "/chairs/meetings/{meeting}/"): 11,
    # the list names each alert's child, so one trail event records what it showed;
    # and one more: the teams of the alerts one may see, for the team filter
    ("team_manager", "/chairs/alerts/"): 10,
    ("qa_pdm", "/chairs/alerts/"): 9,
    # one more: whether the alert's meeting opens for the reader, before linking it
    ("team_manager", "/chairs/alerts/{alert}/"): 10,
    ("qa_pdm", "/chairs/dashboard/"): 14,
    ("cp_chair", "/chairs/dashboard/"): 14,
    ("practitioner", "/actions/"): 8,
    ("team_manager", "/actions/oversee/"): 9,
    # action completion: one grouped count by team and one by source
    ("qa_pdm", "/actions/completion/"): 6,
    ("team_manager", "/actions/completion/"): 7,
    # one more: the moderators' checks of the action, which its page shows
    ("practitioner", "/actions/{action}/"): 9,
    ("qa_pdm", "/audit-trail/"): 6,
    ("administrator", "/audit-trail/"): 6,
    ("director", "/insight/"): 5,
    ("analyst", "/insight/"): 5,
    ("director", "/insight/glossary/"): 4,
    ("director", "/insight/benchmarks/"): 5,  # opens on the own authority: beside its own Annex A
    ("director", "/insight/indicators/referrals/"): 5,
    ("director", "/insight/report/"): 5,
    ("director", "/insight/report/trends/"): 5,
    ("director", "/insight/report/changes/"): 5,
    ("director", "/insight/report/snapshot/{snapshot}/"): 6,
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
