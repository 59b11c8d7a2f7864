"""The children open in the newest Annex A become Assure's open cases.

The annex-a spec: the children open in lists 6 to 9 on the extract date, with
their Allocated Team and Allocated Worker, are Assure's open cases; each
import of the newest extract opens, moves and closes cases to match, and an
older extract changes no case. Teams are matched as the indicators match them
(normalised names and the mappings the QA unit made); a worker is matched by
full name only when exactly one active person in Assure has that name, since
Annex A carries no username (otherwise the case stays unallocated rather than
going to the wrong person). Children whose team is not matched are left alone
and counted, so an unmapped team never closes anyone's case.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from assure.org.case_loads import CaseLoadReport, CaseRow, cases_load
from assure.org.models import Case, Child, User

from .models import AnnexASnapshot
from .team_mapping import match_teams, team_key

# Which list says a child is open, the case type it gives, and the column that
# ends the episode (None: every row is current). Earlier entries win when a
# child is open in several lists.
OPEN_LISTS: tuple[tuple[int, str, str | None], ...] = (
    (8, Case.Type.CIC, "cla_end"),
    (7, Case.Type.CP, "cpp_end"),
    (9, Case.Type.CARE_LEAVER, None),
    (6, Case.Type.CIN, "cin_closure"),
)
SYNCED_TYPES = [t for _, t, _ in OPEN_LISTS]


@dataclass
class CaseSync:
    report: CaseLoadReport | None  # None when the extract is not the newest
    unmatched_team: int = 0
    no_age: int = 0
    workers_not_matched: Counter[str] = field(default_factory=Counter)


def age_band(age: float | None) -> str | None:
    if age is None:
        return None
    years = int(age)
    for band, upper in (("under_1", 0), ("1_4", 4), ("5_9", 9), ("10_15", 15), ("16_17", 17)):
        if years <= upper:
            return band
    return Child.AgeBand.AGE_18_PLUS


def _open_rows(directory: Path, as_of: date) -> dict[str, tuple[str, str, str, float | None]]:
    """child_id: (case type, team, worker, age) for each child open on `as_of`."""
    found: dict[str, tuple[str, str, str, float | None]] = {}
    con = duckdb.connect()
    try:
        for number, case_type, end_column in OPEN_LISTS:
            path = directory / f"list_{number}.parquet"
            if not path.exists():
                continue
            names = set(pq.read_schema(path).names)
            if not {"child_id", "allocated_team"} <= names:
                continue
            worker = "allocated_worker" if "allocated_worker" in names else "NULL"
            age = "age" if "age" in names else "NULL"
            params: list[Any] = [path.as_posix()]
            still_open = "TRUE"
            if end_column and end_column in names:
                still_open = f"({end_column} IS NULL OR {end_column} > ?)"
                params.append(as_of)
            rows = con.execute(
                f"SELECT child_id, allocated_team, {worker}, {age} "  # noqa: S608 - schema names
                f"FROM read_parquet(?) WHERE child_id IS NOT NULL AND {still_open}",
                params,
            ).fetchall()
            for child_id, team, worker_name, years in rows:
                ref = str(child_id).strip()
                if ref and ref not in found:
                    found[ref] = (case_type, str(team or ""), str(worker_name or ""), years)
    finally:
        con.close()
    return found


def _workers_by_name() -> dict[str, str]:
    """Full name (case-folded) to username, for names only one active person has."""
    counts: Counter[str] = Counter()
    usernames: dict[str, str] = {}
    for first, last, username in User.objects.filter(is_active=True, is_demo=False).values_list(
        "first_name", "last_name", "username"
    ):
        key = " ".join(f"{first} {last}".split()).casefold()
        counts[key] += 1
        usernames[key] = username
    return {k: v for k, v in usernames.items() if counts[k] == 1}


def cases_sync(*, snapshot: AnnexASnapshot, imported_by: str = "the command line") -> CaseSync:
    """Open, move and close cases to match the snapshot (only the newest one)."""
    newer = AnnexASnapshot.objects.filter(
        status=AnnexASnapshot.Status.IMPORTED, as_of__gt=snapshot.as_of
    ).exists()
    if newer:
        return CaseSync(report=None)
    open_now = _open_rows(snapshot.directory, snapshot.as_of)
    teams = {m.name: m.team for m in match_teams({t for _, t, _, _ in open_now.values()})}
    by_key = {team_key(name): team for name, team in teams.items()}
    workers = _workers_by_name()
    sync = CaseSync(report=None)
    placed: list[tuple[str, str, Any, str, float | None]] = []
    for ref, (case_type, team_name, worker_name, years) in sorted(open_now.items()):
        team = by_key.get(team_key(team_name))
        if team is None:
            sync.unmatched_team += 1
            continue
        placed.append((ref, case_type, team, worker_name, years))
    # Only the children the extract gives no age are looked up (a list of every open
    # child's reference made two queries with tens of thousands of parameters).
    ageless = [ref for ref, _t, _team, _w, years in placed if age_band(years) is None]
    bands = (
        dict(Child.objects.filter(reference__in=ageless).values_list("reference", "age_band"))
        if ageless
        else {}
    )
    rows: list[CaseRow] = []
    for ref, case_type, team, worker_name, years in placed:
        band = age_band(years) or bands.get(ref)
        if band is None:
            sync.no_age += 1
            continue
        username = workers.get(" ".join(worker_name.split()).casefold(), "")
        if worker_name and not username:
            sync.workers_not_matched[worker_name] += 1
        rows.append(CaseRow(len(rows) + 2, ref, band, case_type, team.name, username, "open"))
    # Open cases of these types whose child is in no list any more have closed. The
    # authority's open cases are read once and compared here, not sent back as a list.
    for ref, band, case_type, team_name in Case.objects.filter(
        closed_on__isnull=True, case_type__in=SYNCED_TYPES
    ).values_list("child__reference", "child__age_band", "case_type", "team__name"):
        if ref not in open_now:
            rows.append(CaseRow(len(rows) + 2, ref, band, case_type, team_name, "", "closed"))
    # The importer's right to import Annex A is what lets this load run: an import
    # is the authority's own data arriving, not a person editing cases by hand.
    sync.report = cases_load(
        actor=None,
        rows=rows,
        source=f"Annex A as at {snapshot.as_of.isoformat()} (imported by {imported_by})",
    )
    return sync
