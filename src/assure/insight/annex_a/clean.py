"""Cell cleaning in SQL, once per list, whatever the source was.

Every raw cell arrives as text. Here non-breaking spaces become spaces and
ends are trimmed; Excel error values and unsaved formulas are recognised;
dates are read from ISO text (what the xlsx reader writes for real dates),
`dd/mm/yyyy` and a few near forms, or Excel serial numbers; `Number of ...`
columns become integers. A date or number that cannot be read is null in
its column and its key is listed in the row's `unreadable` column, so an
indicator can leave that row out; each such cell is also one problem.
"""

from __future__ import annotations

import duckdb

from .problem_log import TABLE as PROBLEM_TABLE
from .problem_log import ProblemLog
from .schema import ListSpec

EXCEL_ERRORS = (
    "#N/A",
    "#N/A!",
    "#NA",
    "#VALUE!",
    "#REF!",
    "#DIV/0!",
    "#NUM!",
    "#NAME?",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
)

# Text forms of a date seen in real files; ISO first because the xlsx reader writes it.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)

# Excel serials for 1900-01-01 .. 2100-12-31; anything else in a date column is not a date.
# Excel serials for 1900-01-01 and 2100-12-31 (with Excel's own 1899-12-30 origin).
_SERIAL_MIN, _SERIAL_MAX = 2, 73415


def _sql_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


MACROS = f"""
CREATE OR REPLACE MACRO aa_v_tidy(x) AS nullif(
    trim(replace(replace(replace(x, chr(160), ' '), chr(8239), ' '), chr(8199), ' '),
         ' ' || chr(9) || chr(10) || chr(13)),
    '');
-- Most cells are plain ASCII with nothing to trim: they are kept as they are, and only
-- the rest pay for the replacing and trimming (a fifth of the cost on a real file).
-- strlen counts bytes and length characters, so they are equal only for ASCII.
CREATE OR REPLACE MACRO aa_v(x) AS CASE
    WHEN x = '' THEN NULL
    WHEN strlen(x) = length(x)
        AND x[1] NOT IN (' ', chr(9), chr(10), chr(13))
        AND x[-1] NOT IN (' ', chr(9), chr(10), chr(13))
    THEN x
    ELSE aa_v_tidy(x)
END;
-- Every Excel error value begins with '#': testing the first character first spares
-- the list look-up on almost every cell (it was half the cost of reading a date).
CREATE OR REPLACE MACRO aa_special(v) AS
    (v[1] = '=' OR (v[1] = '#' AND list_contains({_sql_list(EXCEL_ERRORS)}, upper(v))));
CREATE OR REPLACE MACRO aa_date(v) AS CASE
    WHEN v IS NULL THEN NULL
    -- The form nearly every cell has, read by one format before trying them all.
    WHEN regexp_full_match(v, '[0-3][0-9]/[01][0-9]/(19|20)[0-9]{{2}}')
    THEN CAST(try_strptime(v, '%d/%m/%Y') AS DATE)
    WHEN aa_special(v) THEN NULL
    WHEN regexp_full_match(v, '[0-9]{{1,5}}(\\.[0-9]+)?') THEN CASE
        WHEN TRY_CAST(v AS DOUBLE) BETWEEN {_SERIAL_MIN} AND {_SERIAL_MAX}
        THEN DATE '1899-12-30' + CAST(floor(TRY_CAST(v AS DOUBLE)) AS INTEGER) END
    -- The one-element list keeps the parse to one evaluation (a macro repeats
    -- its argument wherever it is named).
    ELSE list_filter(
        [CAST(try_strptime(v, {_sql_list(DATE_FORMATS)}) AS DATE)],
        lambda d: year(d) BETWEEN 1900 AND 2100
    )[1]
END;
CREATE OR REPLACE MACRO aa_num(v) AS CASE
    WHEN v IS NULL OR aa_special(v) THEN NULL
    WHEN TRY_CAST(v AS DOUBLE) = floor(TRY_CAST(v AS DOUBLE))
    THEN TRY_CAST(TRY_CAST(v AS DOUBLE) AS BIGINT) END;
CREATE OR REPLACE MACRO aa_years(v) AS CASE
    WHEN v IS NULL OR aa_special(v) THEN NULL
    WHEN TRY_CAST(v AS DOUBLE) BETWEEN 0 AND 130
    THEN CAST(floor(TRY_CAST(v AS DOUBLE)) AS BIGINT) END;
"""

_SQL_TYPE = {"text": "VARCHAR", "date": "DATE", "number": "BIGINT", "years": "BIGINT"}

# What a value that is neither a formula nor an Excel error is, when it cannot be read.
_UNREADABLE = {
    "date": "date could not be read (expected dd/mm/yyyy or an Excel date)",
    "years": "not an age in years",
    "number": "not a whole number",
    "text": "not readable",
}

_UNREAD_ACTION = {
    "date": "row left out of indicators that read this date",
    "number": "row left out of indicators that read this number",
    "years": "row left out of indicators that read the age",
    "text": "read as blank",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def clean_list(
    con: duckdb.DuckDBPyConnection,
    spec: ListSpec,
    raw: str,
    present: dict[str, str],
    sheet: str,
    log: ProblemLog,
) -> tuple[str, int]:
    """Build table `spec.table` from the raw text table `raw`.

    `present` maps each key found in the file to its header as written there.
    Each unreadable cell is added to `log`. Returns (table name, row count). Rows
    that are blank in every Annex A column (Excel's empty trailing rows) are dropped.
    """
    stage = f"stage_{spec.number}"
    keys = [c.key for c in spec.columns if c.key in present]
    trimmed = ", ".join(f"aa_v({_quote(k)}) AS {_quote(k)}" for k in keys)
    any_value = "coalesce(" + ", ".join(_quote(k) for k in keys) + ")" if keys else "NULL"
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {stage} AS "  # noqa: S608 - names come from the schema
        f"SELECT * FROM (SELECT _row{', ' if keys else ''}{trimmed} FROM {raw}) "
        f"WHERE {any_value} IS NOT NULL"
    )

    # Each cell is parsed once, into a second stage beside its raw text; the
    # table, the unreadable flags and the problems all read that one parse
    # (parsing in each of the three places tripled the cost on a large file).
    parsed = f"parsed_{spec.number}"
    parse_cols = ["_row"]
    for col in spec.columns:
        if col.key not in present:
            continue
        q = _quote(col.key)
        raw_q = _quote(col.key + "__raw")
        if col.kind == "date":
            parse_cols.append(f"aa_date({q}) AS {q}")
        elif col.kind == "number":
            parse_cols.append(f"aa_num({q}) AS {q}")
        elif col.kind == "years":
            # Many authorities compute the age with a formula (6.138...): whole years, rounded
            # down, is what it means, so a decimal age is read, not reported.
            parse_cols.append(f"aa_years({q}) AS {q}")
        else:
            parse_cols.append(f"CASE WHEN aa_special({q}) THEN NULL ELSE {q} END AS {q}")
        parse_cols.append(f"{q} AS {raw_q}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {parsed} AS "  # noqa: S608 - names come from the schema
        f"SELECT {', '.join(parse_cols)} FROM {stage}"
    )

    def bad(key: str) -> str:
        """True where the file had a value that could not be used."""
        return f"({_quote(key + '__raw')} IS NOT NULL AND {_quote(key)} IS NULL)"

    selects = ["_row"]
    flags: list[str] = []
    for col in spec.columns:
        q = _quote(col.key)
        if col.key not in present:
            selects.append(f"CAST(NULL AS {_SQL_TYPE[col.kind]}) AS {q}")
            continue
        selects.append(q)
        if col.kind != "text":
            flags.append(f"CASE WHEN {bad(col.key)} THEN '{col.key}' END")
    unreadable = (
        f"list_filter([{', '.join(flags)}], lambda x: x IS NOT NULL)"
        if flags
        else "CAST([] AS VARCHAR[])"
    )
    selects.append(f"{unreadable} AS unreadable")
    con.execute(
        f"CREATE OR REPLACE TABLE {spec.table} AS "  # noqa: S608
        f"SELECT {', '.join(selects)} FROM {parsed} ORDER BY _row"
    )

    # Each unreadable cell becomes one row of the import's problem log, in SQL: a file
    # with a doubtful cell in every row must not cost a Python object per cell.
    batch = log.next_batch()
    for position, col in enumerate(spec.columns):
        if col.key not in present:
            continue
        raw_q = _quote(col.key + "__raw")
        con.execute(
            f"INSERT INTO {PROBLEM_TABLE} SELECT ?, _row, ?, ?, _row, ?, {raw_q}, "  # noqa: S608
            f"CASE WHEN starts_with({raw_q}, '=') THEN 'formula without a saved value' "
            f"WHEN list_contains({_sql_list(EXCEL_ERRORS)}, upper({raw_q})) "
            f"THEN 'Excel error value' ELSE ? END, ? FROM {parsed} WHERE {bad(col.key)}",
            [
                batch,
                position,
                sheet,
                present[col.key],
                _UNREADABLE[col.kind],
                _UNREAD_ACTION[col.kind],
            ],
        )
    con.execute(f"DROP TABLE {parsed}")
    count_row = con.execute(f"SELECT count(*) FROM {spec.table}").fetchone()  # noqa: S608
    con.execute(f"DROP TABLE {stage}")
    return spec.table, int(count_row[0]) if count_row else 0
