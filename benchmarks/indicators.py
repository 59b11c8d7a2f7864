"""Times `assure import annex-a` and `assure indicators` on a large region's Annex A.

Generates an Annex A shaped like real returns (decimal ages, about 3% unreadable
dates, Excel error values, dates written other ways, header drift) as a CSV
folder in a temp directory, then runs each command as a whole (a subprocess,
with a throwaway SQLite database and var directory, after `assure migrate`),
beside the time DuckDB alone takes to read the same files into all-text tables:
the floor no importer can beat. It does so at 1x, 4x and 16x the data (281,250,
1.13 million and 4.5 million rows) and prints the times, the ratios, each
command's peak memory and how the cost grows with the data.

Goals: import within 8x the floor, indicators within 3x, peak under 4 GiB, and the
cost growing no faster than the data.

    .venv/bin/python benchmarks/indicators.py [--rows 281250] [--scales 1,4,16] [--keep]
"""

# ruff: noqa: E501, S608 - generated SQL over fixed names; long column headers
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]

# Share of the total rows per list, roughly as in a large county's six months.
SHARES = {1: 0.40, 2: 0.05, 3: 0.20, 4: 0.15, 5: 0.06, 6: 0.06, 7: 0.03, 8: 0.03, 9: 0.01}
SHARES_REST = {10: 0.005, 11: 0.005}

TEAMS = 60


def _date(offset: str) -> str:
    """A date as local authorities' extracts carry it, for the day `offset` days after 2025-01-01.

    Mostly dd/mm/yyyy; 2% blank; about 3% unreadable as real files are (an impossible
    day, "TBC", a US-style date, a year alone); 0.3% an Excel error value; and some
    dates written another way that Assure tidies (ISO, an Excel serial number).
    """
    day = f"DATE '2025-01-01' + CAST({offset} AS INTEGER)"
    return (
        "CASE "
        "WHEN random() < 0.003 THEN (['#N/A', '#REF!', '#VALUE!'])[1 + CAST(floor(random() * 3) AS INTEGER)] "
        "WHEN random() < 0.02 THEN '' "
        "WHEN random() < 0.01 THEN '31/02/' || CAST(2020 + CAST(floor(random() * 6) AS INTEGER) AS VARCHAR) "
        "WHEN random() < 0.01 THEN 'TBC' "
        f"WHEN random() < 0.01 THEN strftime({day}, '%m/%d/%Y') || ' 00:00' "
        f"WHEN random() < 0.02 THEN strftime({day}, '%Y-%m-%d') "
        f"WHEN random() < 0.02 THEN CAST(date_diff('day', DATE '1899-12-30', {day}) AS VARCHAR) "
        f"ELSE strftime({day}, '%d/%m/%Y') END"
    )


def _common(disability: bool = True) -> list[str]:
    cols = [
        "'C' || (i % 400000) AS \"Child Unique ID\"",
        "CASE WHEN i % 2 = 0 THEN 'a) Male' ELSE 'b) Female' END AS \"Gender\"",
        "'a) WBRI' AS \"Ethnicity\"",
        f'{_date("i % 6000")} AS "Date of Birth"',
        # Extracts compute the age with a formula: 6.1383... rather than 6.
        'CAST(round((i % 6570) / 365.25, 10) AS VARCHAR) AS "Age of Child (Years)"',
    ]
    if disability:
        cols.append(
            "CASE WHEN i % 10 = 0 THEN 'Yes' ELSE 'No' END AS \"Does the Child have a Disability\""
        )
    return cols


def _team() -> list[str]:
    return [
        f"'Team' || chr(160) || CAST(i % {TEAMS} AS VARCHAR) AS \"Allocated Team\"",
        "'Worker ' || CAST(i % 900 AS VARCHAR) AS \"Allocated Worker\"",
    ]


def _yes(modulus: int) -> str:
    return f"CASE WHEN i % {modulus} = 0 THEN 'a) Yes' WHEN i % 7 = 0 THEN 'Y' ELSE 'b) No' END"


LIST_COLUMNS: dict[int, list[str]] = {
    1: [
        *_common(False),
        f'{_date("365 + i % 640")} AS "Date of Contact"',
        "'q) 6: Police' AS \"Contact Source\"",
    ],
    2: [
        *_common(False),
        f'{_date("365 + i % 640")} AS "Assessment start date"',
        f'{_date("400 + i % 640")} AS "Assessment completion date"',
        "'School' AS \"Organisation completing assessment\"",
    ],
    3: [
        *_common(False),
        f'{_date("365 + i % 640")} AS "Date of referral"',
        "'g) 3A: Health services' AS \"Referral Source\"",
        f'{_yes(5)} AS "Referral NFA?"',
        'CAST(i % 4 AS VARCHAR) AS "Number of Referrals in Last 12 Months"',
        *_team(),
    ],
    4: [
        *_common(),
        f'{_date("365 + i % 640")} AS "Continuous Assessment Start Date"',
        f'{_yes(2)} AS "Child Seen During Continuous Assessment"',
        f"CASE WHEN i % 9 = 0 THEN '' ELSE {_date('365 + i % 640 + i % 70')} END "
        'AS "Continuous Assessment Date of Authorisation"',
        "'a) Yes' AS \"Was the child assessed as requiring LA children's social care support?\"",
        *_team(),
    ],
    5: [
        *_common(),
        f'{_date("365 + i % 640")} AS "Strategy discussion initiating Section 47 Enquiry Start Date"',
        "'b) No' AS \"Was an Initial Child Protection Conference deemed unnecessary?\"",
        f'{_date("365 + i % 640 + i % 25")} AS "Date of Initial Child Protection Conference"',
        f'{_yes(3)} AS "Did the Initial Child Protection Conference Result in a Child Protection Plan"',
        'CAST(i % 3 AS VARCHAR) AS "Number of Section 47 Enquiries in the last 12 months"',
        'CAST(i % 2 AS VARCHAR) AS "Number of ICPCs in the last 12 months"',
        *_team(),
    ],
    6: [
        *_common(),
        f'{_date("i % 1000")} AS "CIN Start Date"',
        "'N1' AS \"Primary Need Code\"",
        f'{_date("900 + i % 100")} AS "Date Child Was Last Seen"',
        f"CASE WHEN i % 3 = 0 THEN {_date('1000 + i % 50')} ELSE '' END AS \"CIN Closure Date\"",
        "'' AS \"Reason for Closure\"",
        "CASE WHEN i % 2 = 0 THEN 'c) Child in need plan' ELSE 'd) Open assessment' END AS \"Case Status\"",
        *_team(),
    ],
    7: [
        *_common(),
        f'{_date("i % 1000")} AS "Child Protection Plan Start Date"',
        "'Neglect' AS \"Initial Category of Abuse\"",
        "'Neglect' AS \"Latest Category of Abuse\"",
        f'{_date("950 + i % 60")} AS "Date of the Last Statutory Visit"',
        f'{_yes(2)} AS "Was the Child Seen Alone?"',
        f'{_date("900 + i % 60")} AS "Date of latest review conference"',
        f"CASE WHEN i % 4 = 0 THEN {_date('1000 + i % 50')} ELSE '' END AS \"Child Protection Plan End Date\"",
        "'N' AS \"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)\"",
        'CAST(i % 3 AS VARCHAR) AS "Number of Previous Child Protection Plans"',
        *_team(),
    ],
    8: [
        *_common(),
        f'{_date("i % 1000")} AS "Date Started to be Looked After"',
        "'N1' AS \"Child's Category of Need\"",
        f'{_date("800 + i % 200")} AS "Date of Latest Statutory Review"',
        f'{_date("900 + i % 100")} AS "Date of Last Social Work Visit"',
        f'{_date("600 + i % 400")} AS "Date of Last Health Assessment"',
        'CAST(i % 5 AS VARCHAR) AS "Number of Placements in the Last 12 months"',
        f"CASE WHEN i % 5 = 0 THEN {_date('1000 + i % 50')} ELSE '' END AS \"Date Ceased to be Looked After\"",
        "'U1' AS \"Placement Type\"",
        *_team(),
    ],
    9: [
        *_common(),
        f'{_yes(2)} AS "LA in Touch"',
        "CASE WHEN i % 3 = 0 THEN 'b) Unsuitable' ELSE 'a) Suitable' END AS \"Suitability of Accommodation\"",
        "CASE WHEN i % 4 = 0 THEN 'G4' ELSE 'F1: Full time in higher education' END AS \"Activity Status\"",
        *_team(),
    ],
    10: [
        *_common(),
        f'{_date("i % 700")} AS "Date the Child Entered Care"',
        f'{_date("700 + i % 200")} AS "Date of Placement Order"',
        f'{_date("800 + i % 200")} AS "Date of Matching Child and Prospective Adopters"',
        f'{_date("850 + i % 200")} AS "Date Placed for Adoption"',
    ],
    11: [
        "'A' || i AS \"Individual adopter identifier\"",
        "'F' || (i // 2) AS \"Family identifier\"",
        f'{_date("i % 900")} AS "Date enquiry received"',
    ],
}


# Headers as returns write them: another case, extra spaces, a trailing space.
HEADER_DRIFT = {
    "Child Unique ID": "Child unique ID",
    "Age of Child (Years)": "Age of child (years) ",
    "Date of referral": "Date of Referral",
    "Allocated Team": "Allocated  Team",
    "Date Started to be Looked After": "Date started to be looked after",
}


def _drift(column: str) -> str:
    for template, written in HEADER_DRIFT.items():
        column = column.replace(f'AS "{template}"', f'AS "{written}"')
    return column


def generate(folder: Path, total: int) -> dict[int, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[int, int] = {}
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    for number, share in {**SHARES, **SHARES_REST}.items():
        n = max(1, int(total * share))
        counts[number] = n
        select = ", ".join(_drift(column) for column in LIST_COLUMNS[number])
        target = (folder / f"List {number}.csv").as_posix()
        con.execute(
            f"COPY (SELECT {select} FROM range({n}) t(i)) TO '{target}' (HEADER, DELIMITER ',')"
        )
    con.close()
    return counts


def floor_seconds(folder: Path) -> float:
    """DuckDB alone: every CSV into a table of all-text columns."""
    start = time.perf_counter()
    con = duckdb.connect()
    for path in sorted(folder.glob("List *.csv")):
        name = path.stem.replace(" ", "_")
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path.as_posix()}', "
            "all_varchar = true, header = true)"
        )
    con.close()
    return time.perf_counter() - start


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Runs a command as a whole; returns (seconds, that process's peak memory in GiB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        sys.stderr.write(output)
        raise SystemExit(f"command failed ({process.returncode}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024 / 1024


@dataclass
class Measure:
    rows: int
    floor: float
    imported: float
    import_peak: float
    computed: float
    compute_peak: float
    problems_total: int
    summary: list[dict[str, object]]


def measure(work: Path, base_cmd: list[str], rows: int) -> Measure:
    """Generates `rows` rows, then times the floor, the import and the indicators."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{(work / 'bench.sqlite3').as_posix()}",
        "ASSURE_VAR_DIR": str(work / "var"),
        "PYTHONPATH": str(ROOT / "src"),
    }
    t0 = time.perf_counter()
    counts = generate(work / "annex", rows)
    print(f"generated {sum(counts.values()):,} rows in {time.perf_counter() - t0:.1f}s")
    run([*base_cmd, "migrate", "-v", "0"], env)
    floor = floor_seconds(work / "annex")
    imported, import_peak = run(
        [
            *base_cmd,
            "import",
            "annex-a",
            str(work / "annex"),
            "--as-of",
            "2026-09-30",
            "--report",
            str(work / "report.json"),
        ],
        env,
    )
    computed, compute_peak = run(
        [
            *base_cmd,
            "indicators",
            "--as-of",
            "2026-09-30",
            "--out",
            str(work / "out"),
            "--population",
            "300000",
            "--la",
            "999",
        ],
        env,
    )
    report = json.loads((work / "report.json").read_text())
    return Measure(
        rows=sum(counts.values()),
        floor=floor,
        imported=imported,
        import_peak=import_peak,
        computed=computed,
        compute_peak=compute_peak,
        problems_total=int(report["problems_total"]),
        summary=report["problem_summary"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rows", type=int, default=281_250, help="rows at 1x (default 281,250: 4x is 1.13 M)"
    )
    parser.add_argument(
        "--scales", default="1,4,16", help="multiples of --rows to measure (default 1,4,16)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp directories")
    args = parser.parse_args()
    scales = [int(x) for x in args.scales.split(",")]
    assure = ROOT / ".venv" / "bin" / "assure"
    base_cmd = [str(assure)] if assure.exists() else [sys.executable, "-m", "assure.cli"]

    results: list[Measure] = []
    for scale in scales:
        work = Path(tempfile.mkdtemp(prefix=f"assure-bench-{scale}x-"))
        try:
            print(f"--- {scale}x ---")
            results.append(measure(work, base_cmd, args.rows * scale))
        finally:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)

    print()
    print(
        "scale      rows   floor   import  (x floor)   indicators (x floor)   peak GiB   problems"
    )
    for scale, m in zip(scales, results, strict=True):
        print(
            f"{scale:>4}x {m.rows:>10,} {m.floor:6.2f}s {m.imported:7.2f}s ({m.imported / m.floor:5.2f}x)"
            f" {m.computed:9.2f}s ({m.computed / m.floor:5.2f}x) {max(m.import_peak, m.compute_peak):9.2f}"
            f" {m.problems_total:>10,}"
        )
    print("goals: import <= 8x the floor, indicators <= 3x, peak < 4 GiB")
    first = results[0]
    for scale, m in zip(scales[1:], results[1:], strict=True):
        data = m.rows / first.rows
        print(
            f"{scale}x vs {scales[0]}x: data x{data:.1f}, import x{m.imported / first.imported:.1f}, "
            f"indicators x{m.computed / first.computed:.1f} (goal: no faster than the data)"
        )
    largest = results[-1]
    print("largest run's problems, by sheet, column and problem:")
    for row in largest.summary[:8]:
        print(f"  {row['count']:>9,}  {row['sheet']}, {row['column']}: {row['problem']}")


if __name__ == "__main__":
    main()
