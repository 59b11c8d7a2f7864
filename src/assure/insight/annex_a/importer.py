"""Import one Annex A into a snapshot directory of Parquet files, all or nothing.

The snapshot is built in a hidden directory beside its final place and
renamed into place only when every list has been written, so a failed or
interrupted import never leaves a half snapshot where readers look.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from ..private_files import DIRECTORY_MODE, make_private, private_directory
from .clean import MACROS, clean_list
from .problem_log import ProblemLog, SummaryRow
from .problems import AnnexARejected, Problem, problem
from .schema import LISTS, LISTS_BY_NUMBER, match_headers
from .sources import RawSheet, read_source

Progress = Callable[[str], None]

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


PROBLEMS_FILE = "problems.parquet"


@dataclass
class ImportOutcome:
    as_of: date
    directory: Path
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_SHOWN
    problems_total: int = 0
    problem_summary: list[SummaryRow] = field(default_factory=list)

    @property
    def problems_file(self) -> Path:
        """Every problem, in the order found (contract 1.1's `--problems` CSV is made from it)."""
        return self.directory / PROBLEMS_FILE


def _header_problems(sheet: RawSheet, notes: list[tuple[int, str, str]]) -> list[Problem]:
    out: list[Problem] = []
    for _index, header, what in notes:
        if what == "unknown":
            out.append(problem(sheet.name, 1, header, header, "column not in Annex A", "ignored"))
        elif what == "duplicate":
            out.append(
                problem(sheet.name, 1, header, header, "column appears twice", "second one ignored")
            )
        else:
            template = what.split(":", 1)[1]
            out.append(
                problem(
                    sheet.name,
                    1,
                    header,
                    header,
                    f"header differs from the template '{template}'",
                    f"read as '{template}'",
                )
            )
    return out


def import_annex_a(
    source: Path,
    destination: Path,
    *,
    as_of: date,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Validate `source` and write its snapshot to `destination` (which must not exist).

    Raises AnnexARejected, leaving nothing at `destination`, when the file
    cannot be used as a whole: not a workbook or CSV folder, no Annex A list,
    or a list without a column the indicators need.
    """
    say = progress or (lambda _message: None)
    if destination.exists():
        raise FileExistsError(destination)
    say(f"Reading {source.name}")
    sheets = read_source(source)
    problems: list[Problem] = [p for s in sheets for p in s.problems]
    sheets = [s for s in sheets if s.headers]
    if not sheets:
        raise AnnexARejected(
            f"No Annex A list found in {source.name}. Name each sheet (or CSV file) "
            "'List 1' to 'List 11' as in Ofsted's template, with the headers in row 1.",
            problems,
        )

    matched: list[tuple[RawSheet, dict[str, int]]] = []
    missing: list[str] = []
    for sheet in sorted(sheets, key=lambda s: s.list_number):
        spec = LISTS_BY_NUMBER[sheet.list_number]
        found, notes = match_headers(spec, sheet.headers)
        problems.extend(_header_problems(sheet, notes))
        for col in spec.columns:
            if col.required and col.key not in found:
                missing.append(f"'{col.header}' in {sheet.name}")
                problems.append(
                    problem(
                        sheet.name,
                        1,
                        col.header,
                        None,
                        "required column missing",
                        "import rejected",
                    )
                )
        matched.append((sheet, found))
    if missing:
        raise AnnexARejected(
            "Required column(s) missing: "
            + "; ".join(missing)
            + ". Add each column with that header in row 1 (indicators are computed from it) "
            "and import again.",
            problems,
        )
    present_numbers = {sheet.list_number for sheet, _ in matched}
    for spec in LISTS:
        if spec.number not in present_numbers:
            problems.append(
                problem(
                    spec.name,
                    None,
                    None,
                    None,
                    "list not found",
                    "indicators from this list are left empty",
                )
            )

    private_directory(destination.parent)
    staging = destination.parent / f".{destination.name}.tmp-{uuid.uuid4().hex[:8]}"
    spill = Path(tempfile.mkdtemp(prefix="annex-a-spill-"))
    staging.mkdir(mode=DIRECTORY_MODE)
    rows: dict[str, int] = {}
    try:
        con = duckdb.connect()
        try:
            con.execute(f"SET temp_directory = '{spill.as_posix()}'")
            con.execute(MACROS)
            log = ProblemLog(con)
            log.add(problems)
            for sheet, found in matched:
                spec = LISTS_BY_NUMBER[sheet.list_number]
                say(f"Reading {sheet.name}")
                known = len(sheet.problems)
                raw = sheet.load(found)
                # CSV reading reports rows with the wrong number of fields as it goes.
                log.add(sheet.problems[known:])
                con.register("raw_in", raw)
                present = {key: sheet.headers[index] for key, index in found.items()}
                say(f"Cleaning {sheet.name} ({raw.num_rows} rows)")
                table, count = clean_list(con, spec, "raw_in", present, sheet.name, log)
                con.unregister("raw_in")
                del raw
                target = (staging / f"{table}.parquet").as_posix()
                con.execute(f"COPY {table} TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
                con.execute(f"DROP TABLE {table}")
                rows[spec.name] = count
            say("Summarising the problems found")
            shown, total, summary = log.first(), log.total(), log.summary()
            log.write_parquet(staging / PROBLEMS_FILE)
        finally:
            con.close()
        manifest = {
            "format": FORMAT_VERSION,
            "as_of": as_of.isoformat(),
            "source": source.name,
            "rows": rows,
            "lists": {LISTS_BY_NUMBER[s.list_number].table: s.name for s, _ in matched},
            "problems": total,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        make_private(staging)  # child-level rows: readable by the service only
        os.replace(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    say(f"Imported {sum(rows.values())} rows from {len(rows)} list(s)")
    return ImportOutcome(
        as_of=as_of,
        directory=destination,
        rows=rows,
        problems=shown,
        problems_total=total,
        problem_summary=summary,
    )


def read_manifest(directory: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    return data
