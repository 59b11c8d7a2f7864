"""Every Part A indicator, by example, with the awkward cases of the definitions.

As-of date D = 2026-09-30, so the window W is 2026-04-01 .. 2026-09-30.
Bank holidays in play: Good Friday 3 April and Easter Monday 6 April 2026,
4 and 25 May 2026, 31 August 2026.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from assure.insight.annex_a import import_annex_a
from assure.insight.indicators import (
    IndicatorRow,
    compute_indicators,
    normalise_team,
    part_a,
    round_half_away,
    window,
)
from tests.insight.annex_builders import write_csv_folder, write_xlsx

D = date(2026, 9, 30)
POP = 12345
NBSP = "\xa0"

CONTACT = "Date of Contact"
REF = "Date of referral"
NFA = "Referral NFA?"
N12 = "Number of Referrals in Last 12 Months"
TEAM = "Allocated Team"
CID = "Child Unique ID"

LISTS: dict[int, list[dict[str, object]]] = {
    1: [
        {CID: "C1", CONTACT: "01/04/2026"},  # first day of W
        {CID: "C1", CONTACT: "30/09/2026"},  # last day of W
        {CID: "C2", CONTACT: "2026-06-15"},
        {CID: "C3", CONTACT: "31/03/2026"},  # day before W
        {CID: "C4", CONTACT: "01/10/2026"},  # day after W
        {CID: "C5", CONTACT: "#N/A"},  # unreadable
        {CID: "C6", CONTACT: ""},  # blank: no contact date
        {CID: "C7", CONTACT: "46143"},  # Excel serial of 2026-05-01
    ],
    3: [
        {CID: "C1", REF: "02/04/2026", NFA: "a) Yes", N12: "1", TEAM: f"Team{NBSP}A"},
        {CID: "C2", REF: "31/03/2026", NFA: "No", N12: "0", TEAM: "Team A"},
        {CID: "C7", REF: "15/05/2026", NFA: "Y", N12: "0", TEAM: "Team  A "},
        {CID: "C8", REF: "30/09/2026", NFA: "yes", N12: "2", TEAM: "Team B"},
        {CID: "C9", REF: "01/10/2026", NFA: "Yes", N12: "3", TEAM: "Team B"},
        {CID: "C10", REF: "10/06/2026", NFA: "No", N12: "", TEAM: "Team B"},
        {CID: "C11", REF: "11/06/2026", NFA: "b) No", N12: "two", TEAM: "Team B"},
        {CID: "C12", REF: "32/13/2026", NFA: "Yes", N12: "1", TEAM: "Team C"},
        {CID: "C13", REF: "12/06/2026", NFA: "yes please", N12: " 1 ", TEAM: ""},
    ],
    4: [
        # start, authorisation, seen
        {
            CID: "A1",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "09/06/2026",  # 45 wd
            "Child Seen During Continuous Assessment": "a) Yes",
            TEAM: "T1",
        },
        {
            CID: "A2",
            "Continuous Assessment Start Date": "01/04/2026",
            "Continuous Assessment Date of Authorisation": "10/06/2026",  # 46 wd
            "Child Seen During Continuous Assessment": "No",
            TEAM: "T1",
        },
        {
            CID: "A3",
            "Continuous Assessment Start Date": "",
            "Continuous Assessment Date of Authorisation": "30/09/2026",
            "Child Seen During Continuous Assessment": "Y",
            TEAM: "T2",
        },
        {
            CID: "A4",
            "Continuous Assessment Start Date": "01/03/2026",
            "Continuous Assessment Date of Authorisation": "31/03/2026",
            "Child Seen During Continuous Assessment": "Yes",
            TEAM: "T2",
        },
        {
            CID: "A5",
            "Continuous Assessment Start Date": "#VALUE!",
            "Continuous Assessment Date of Authorisation": "15/06/2026",
            "Child Seen During Continuous Assessment": "yes",
            TEAM: "T2",
        },
        {CID: "A6", "Continuous Assessment Start Date": "27/07/2026", TEAM: "T1"},  # 46 wd
        {CID: "A7", "Continuous Assessment Start Date": "28/07/2026", TEAM: "T1"},  # 45 wd
        {
            CID: "A8",
            "Continuous Assessment Start Date": "01/07/2026",
            "Continuous Assessment Date of Authorisation": "01/10/2026",  # after D
            TEAM: "T2",
        },
        {CID: "A9", "Continuous Assessment Start Date": "01/10/2026", TEAM: "T2"},
    ],
    5: [
        {
            CID: "S1",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "02/04/2026",
            "Date of Initial Child Protection Conference": "27/04/2026",  # 15 wd over Easter
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                "a) Yes"
            ),
        },
        {
            CID: "S2",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "02/04/2026",
            "Date of Initial Child Protection Conference": "28/04/2026",  # 16 wd
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "No",
        },
        {CID: "S3", "Strategy discussion initiating Section 47 Enquiry Start Date": "31/03/2026"},
        {CID: "S4", "Strategy discussion initiating Section 47 Enquiry Start Date": "30/09/2026"},
        {
            CID: "S5",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "15/09/2026",
            "Date of Initial Child Protection Conference": "01/10/2026",
        },
        {
            CID: "S6",
            "Strategy discussion initiating Section 47 Enquiry Start Date": "abc",
            "Date of Initial Child Protection Conference": "10/05/2026",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": "Y",
        },
    ],
    6: [
        {
            CID: "N1",
            "CIN Start Date": "01/01/2026",
            "Case Status": "c) Child in need plan",
            "Date Child Was Last Seen": "02/09/2026",  # exactly 28 days before D
        },
        {CID: "N2", "CIN Start Date": "01/01/2026", "CIN Closure Date": "30/09/2026"},
        {
            CID: "N3",
            "CIN Start Date": "30/09/2026",
            "CIN Closure Date": "01/10/2026",
            "Case Status": "CHILD IN NEED PLAN",
            "Date Child Was Last Seen": "01/09/2026",  # 29 days
        },
        {CID: "N4", "CIN Start Date": "01/10/2026", "Case Status": "c) Child in need plan"},
        {CID: "N5", "CIN Start Date": "01/02/2026", "Case Status": "b) Child Protection plan"},
        {
            CID: "N6",
            "CIN Start Date": "01/02/2026",
            "Case Status": "Child in need plan",
            "Date Child Was Last Seen": "01/10/2026",  # after D
        },
        {
            CID: "N7",
            "CIN Start Date": "01/02/2026",
            "Case Status": "child in need plan",
            "Date Child Was Last Seen": "#N/A",
        },
    ],
    7: [
        {
            CID: "P1",
            "Child Protection Plan Start Date": "30/09/2024",  # exactly D minus 2 years
            "Date of the Last Statutory Visit": "16/09/2026",  # 10 wd
            "Number of Previous Child Protection Plans": "1",
            TEAM: "CP",
        },
        {
            CID: "P2",
            "Child Protection Plan Start Date": "01/10/2024",
            "Child Protection Plan End Date": "01/10/2026",
            "Date of the Last Statutory Visit": "15/09/2026",  # 11 wd
            "Number of Previous Child Protection Plans": "0",
            TEAM: "CP",
        },
        {
            CID: "P3",
            "Child Protection Plan Start Date": "01/04/2026",
            "Date of the Last Statutory Visit": "01/10/2026",
            "Number of Previous Child Protection Plans": "",
            TEAM: "CP",
        },
        {
            CID: "P4",
            "Child Protection Plan Start Date": "30/09/2026",
            "Number of Previous Child Protection Plans": "3",
            TEAM: "CP",
        },
        {
            CID: "P5",
            "Child Protection Plan Start Date": "01/05/2026",
            "Child Protection Plan End Date": "15/08/2026",
            "Number of Previous Child Protection Plans": "2",
            TEAM: "CP",
        },
        {
            CID: "P6",
            "Child Protection Plan Start Date": "01/06/2026",
            "Date of the Last Statutory Visit": "tomorrow",
            "Number of Previous Child Protection Plans": "0",
            TEAM: "CP",
        },
    ],
    8: [
        {
            CID: "L1",
            "Date Started to be Looked After": "01/01/2020",
            "Number of Placements in the Last 12 months": "3",
            "Date of Last Social Work Visit": "19/08/2026",  # 42 days
            "Date of Last Health Assessment": "30/09/2025",  # 365 days
            "Date of Latest Statutory Review": "31/03/2026",  # 183 days
        },
        {
            CID: "L2",
            "Date Started to be Looked After": "01/01/2026",
            "Number of Placements in the Last 12 months": "2",
            "Date of Last Social Work Visit": "18/08/2026",
            "Date of Last Health Assessment": "29/09/2025",
            "Date of Latest Statutory Review": "30/03/2026",
        },
        {
            CID: "L3",
            "Date Started to be Looked After": "01/01/2026",
            "Date Ceased to be Looked After": "30/09/2026",
        },
        {
            CID: "L4",
            "Date Started to be Looked After": "01/06/2026",
            "Date of Last Social Work Visit": "01/10/2026",
        },
        {
            CID: "L5",
            "Date Started to be Looked After": "01/06/2026",
            "Number of Placements in the Last 12 months": "4",
            "Date of Last Social Work Visit": "#REF!",
            "Date of Last Health Assessment": "01/09/2026",
            "Date of Latest Statutory Review": "01/09/2026",
        },
    ],
    9: [
        {
            CID: "K1",
            "LA in Touch": "a) Yes",
            "Suitability of Accommodation": "a) Suitable",
            "Activity Status": "F1: Full time in higher education",
            TEAM: "Leaving Care",
        },
        {
            CID: "K2",
            "LA in Touch": "Y",
            "Suitability of Accommodation": "suitable",
            "Activity Status": "b) P2",
            TEAM: "Leaving Care",
        },
        {
            CID: "K3",
            "LA in Touch": "No",
            "Suitability of Accommodation": "b) Unsuitable",
            "Activity Status": "G4",
            TEAM: "Leaving Care",
        },
        {CID: "K4", TEAM: f"Leaving{NBSP}Care "},
        {
            CID: "K5",
            "LA in Touch": "yes",
            "Suitability of Accommodation": "SUITABLE accommodation",
            "Activity Status": "F5",
            TEAM: "Other",
        },
    ],
    10: [
        {
            CID: "D1",
            "Date the Child Entered Care": "01/01/2025",
            "Date Placed for Adoption": "01/04/2026",  # 455 days
            "Date of Placement Order": "01/01/2026",
            "Date of Matching Child and Prospective Adopters": "01/04/2026",  # 90 days
        },
        {
            CID: "D2",
            "Date the Child Entered Care": "01/01/2026",
            "Date Placed for Adoption": "30/09/2026",  # 272 days
            "Date of Placement Order": "01/02/2026",
            "Date of Matching Child and Prospective Adopters": "02/04/2026",  # 60 days
        },
        {
            CID: "D3",
            "Date Placed for Adoption": "01/05/2026",  # no entered-care date
            "Date of Placement Order": "01/03/2026",
            "Date of Matching Child and Prospective Adopters": "02/04/2026",  # 32 days
        },
        {
            CID: "D4",
            "Date the Child Entered Care": "01/01/2026",
            "Date Placed for Adoption": "31/03/2026",
            "Date of Matching Child and Prospective Adopters": "15/04/2026",
        },
    ],
}

Key = tuple[str, str, str]
Got = dict[Key, tuple[int | None, int | None, int | float | None]]


def _by_key(rows: list[IndicatorRow]) -> Got:
    return {
        (r["indicator"], r["level"], r["unit"]): (r["numerator"], r["denominator"], r["value"])
        for r in rows
    }


@pytest.fixture(scope="module", params=["csv", "xlsx"])
def results(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Got:
    base = tmp_path_factory.mktemp(f"annex-{request.param}")
    source: Path
    if request.param == "csv":
        source = write_csv_folder(base / "in", LISTS)
    else:
        source = write_xlsx(base / "annex.xlsx", LISTS)
    import_annex_a(source, base / "snap", as_of=D)
    rows = compute_indicators(
        base / "snap",
        as_of=D,
        la_code="999",
        population=POP,
        team_units={
            "Team A": {"district": "North"},
            "Team B": {"district": "North"},
            "Team C": {"district": "South"},
        },
    )
    return _by_key(rows)


EXPECTED_LA: dict[str, tuple[int | None, int | None, int | float | None]] = {
    "contacts": (4, None, 4),
    "contacts_children": (3, None, 3),
    "contacts_to_referral_pct": (2, 3, 66.7),
    "referrals": (6, None, 6),
    "referrals_per_10k_annualised": (6, POP, 9.7),
    "rereferrals_pct": (3, 5, 60.0),
    "referrals_nfa_pct": (3, 6, 50.0),
    "assessments_authorised": (4, None, 4),
    "assessments_45wd_pct": (1, 3, 33.3),
    "assessments_child_seen_pct": (3, 4, 75.0),
    "assessments_open_over_45wd": (2, None, 2),
    "s47_enquiries": (4, None, 4),
    "icpc_15wd_pct": (1, 2, 50.0),
    "icpc_to_cpp_pct": (2, 3, 66.7),
    "cin_open": (5, None, 5),
    "cin_plan_seen_28d_pct": (1, 3, 33.3),
    "cpp_open": (5, None, 5),
    "cpp_per_10k": (5, POP, 4.1),
    "cpp_visit_10wd_pct": (1, 4, 25.0),
    "cpp_subsequent_pct": (2, 4, 50.0),
    "cpp_2y_plus_pct": (1, 5, 20.0),
    "cla_open": (4, None, 4),
    "cla_per_10k": (4, POP, 3.2),
    "cla_3plus_placements_pct": (2, 4, 50.0),
    "cla_visit_6wk_pct": (1, 3, 33.3),
    "cla_health_assessment_pct": (2, 4, 50.0),
    "cla_review_6m_pct": (2, 4, 50.0),
    "care_leavers_in_touch_pct": (3, 5, 60.0),
    "care_leavers_suitable_accommodation_pct": (3, 5, 60.0),
    "care_leavers_eet_pct": (3, 5, 60.0),
    "adoption_care_to_placed_days": (727, 2, 363.5),
    "adoption_order_to_match_days": (182, 3, 60.7),
}


def test_every_part_a_indicator_is_checked() -> None:
    assert {ind.id for ind in part_a()} == set(EXPECTED_LA)


@pytest.mark.parametrize("indicator", sorted(EXPECTED_LA))
def test_la_value(results: Got, indicator: str) -> None:
    assert results[(indicator, "la", "999")] == EXPECTED_LA[indicator]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        # NBSP and doubled/trailing spaces all normalise to "Team A".
        (("referrals", "team", "Team A"), (2, None, 2)),
        (("referrals", "team", "Team B"), (3, None, 3)),
        # Team C's only referral has an unreadable date: a row of 0, not missing.
        (("referrals", "team", "Team C"), (0, None, 0)),
        (("rereferrals_pct", "team", "Team A"), (1, 2, 50.0)),
        (("rereferrals_pct", "team", "Team B"), (1, 2, 50.0)),
        # Denominator 0: no value, never 0.
        (("rereferrals_pct", "team", "Team C"), (0, 0, None)),
        (("referrals_nfa_pct", "team", "Team A"), (2, 2, 100.0)),
        (("referrals_nfa_pct", "team", "Team B"), (1, 3, 33.3)),
        (("assessments_45wd_pct", "team", "T1"), (1, 2, 50.0)),
        (("assessments_45wd_pct", "team", "T2"), (0, 1, 0.0)),
        (("assessments_open_over_45wd", "team", "T1"), (1, None, 1)),
        (("assessments_open_over_45wd", "team", "T2"), (1, None, 1)),
        (("care_leavers_in_touch_pct", "team", "Leaving Care"), (2, 4, 50.0)),
        (("care_leavers_in_touch_pct", "team", "Other"), (1, 1, 100.0)),
        (("cpp_open", "team", "CP"), (5, None, 5)),
        # Higher levels add numerators and denominators over their teams.
        (("referrals", "district", "North"), (5, None, 5)),
        (("referrals", "district", "South"), (0, None, 0)),
        (("rereferrals_pct", "district", "North"), (2, 4, 50.0)),
        (("referrals_nfa_pct", "district", "North"), (3, 5, 60.0)),
        (("rereferrals_pct", "district", "South"), (0, 0, None)),
    ],
)
def test_team_and_higher_levels(
    results: Got, key: Key, expected: tuple[int | None, int | None, float | None]
) -> None:
    assert results[key] == expected


def test_la_only_indicators_have_no_team_rows(results: Got) -> None:
    assert not [k for k in results if k[0] == "contacts" and k[1] != "la"]
    assert not [k for k in results if k[0] == "cpp_per_10k" and k[1] != "la"]


def test_window_and_row_shape(tmp_path: Path) -> None:
    write_csv_folder(tmp_path / "in", {1: LISTS[1]})
    import_annex_a(tmp_path / "in", tmp_path / "snap", as_of=D)
    rows = compute_indicators(tmp_path / "snap", as_of=D, la_code="886")
    first = rows[0]
    assert first == {
        "indicator": "contacts",
        "level": "la",
        "unit": "886",
        "as_of": "2026-09-30",
        "window_start": "2026-04-01",
        "window_end": "2026-09-30",
        "numerator": 4,
        "denominator": None,
        "value": 4,
    }
    got = _by_key(rows)
    # Lists not imported give no value rather than 0; no population gives no rate.
    assert got[("referrals", "la", "886")] == (None, None, None)
    assert got[("contacts_to_referral_pct", "la", "886")] == (None, None, None)
    assert got[("referrals_per_10k_annualised", "la", "886")] == (None, None, None)


@pytest.mark.parametrize(
    ("as_of", "start"),
    [
        (date(2026, 9, 30), date(2026, 4, 1)),
        (date(2026, 3, 31), date(2025, 10, 1)),
        (date(2026, 8, 30), date(2026, 2, 28)),  # 31 August less 6 months
        (date(2024, 8, 30), date(2024, 2, 29)),
        (date(2026, 12, 31), date(2026, 7, 1)),
    ],
)
def test_window(as_of: date, start: date) -> None:
    assert window(as_of).start == start
    assert window(as_of).end == as_of


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(625, 100), 6.3),  # half away from zero, not to even
        (Fraction(-625, 100), -6.3),
        (Fraction(125, 10), 12.5),
        (Fraction(200, 3), 66.7),
        (Fraction(100, 3), 33.3),
        (Fraction(1, 20), 0.1),
    ],
)
def test_rounding(value: Fraction, expected: float) -> None:
    assert round_half_away(value) == expected


def test_team_normalisation() -> None:
    assert normalise_team(f"  Team{NBSP}{NBSP}A  ") == "Team A"
    assert normalise_team("Team \t A") == "Team A"
    assert normalise_team(f" {NBSP} ") is None
