"""The breakdown registry: how the rows behind an indicator divide, and the query counting them.

Loaded from `breakdowns.yaml` (its header says what each field means).
`count_breakdown(engine, breakdown, cohort)` is the engine's named query:
it selects the cohort's rows exactly as the engine counts the indicator
(the same list, scope and unreadable dates left out) and counts them by the
breakdown's categories. Only counts leave it, never a child reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import yaml

from .registry import RegistryError, get, part_a

if TYPE_CHECKING:
    from .engine import Engine

Key = str | tuple[str, ...]
Band = tuple[str, int, int | None]

ETHNIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("White", ("WBRI", "WIRI", "WIRT", "WOTH", "WROM")),
    ("Mixed", ("MWBC", "MWBA", "MWAS", "MOTH")),
    ("Asian or Asian British", ("AIND", "APKN", "ABAN", "AOTH", "CHNE")),
    ("Black or Black British", ("BCRB", "BAFR", "BOTH")),
    ("Other ethnic group", ("OOTH",)),
)
NOT_KNOWN_ETHNICITY = "Not known or refused"


def _ethnic_case() -> str:
    code = "upper(left(strip_prefix(x), 4))"
    whens = " ".join(
        f"WHEN {code} IN ({', '.join(repr(c) for c in codes)}) THEN '{group}'"
        for group, codes in ETHNIC_GROUPS
    )
    return f"CASE {whens} ELSE '{NOT_KNOWN_ETHNICITY}' END"


# Macros the breakdowns may use, beside the engine's (D is the as-of date).
MACROS = f"""
CREATE OR REPLACE MACRO age_on_d(dob, age) AS
    (CASE WHEN dob IS NOT NULL AND dob <= D THEN date_sub('year', dob, D) ELSE age END);
CREATE OR REPLACE MACRO age_band(dob, age) AS (CASE
    WHEN age_on_d(dob, age) IS NULL OR age_on_d(dob, age) < 0 THEN 'Not known'
    WHEN age_on_d(dob, age) < 1 THEN 'Under 1' WHEN age_on_d(dob, age) <= 4 THEN '1-4'
    WHEN age_on_d(dob, age) <= 9 THEN '5-9' WHEN age_on_d(dob, age) <= 15 THEN '10-15'
    WHEN age_on_d(dob, age) <= 17 THEN '16-17' ELSE '18+' END);
CREATE OR REPLACE MACRO gender_group(x) AS (CASE
    WHEN lower(strip_prefix(x)) IN ('male', 'm') THEN 'Male'
    WHEN lower(strip_prefix(x)) IN ('female', 'f') THEN 'Female'
    ELSE 'Not stated or neither' END);
CREATE OR REPLACE MACRO ethnic_group(x) AS ({_ethnic_case()});
CREATE OR REPLACE MACRO source_or_none(x) AS
    (coalesce(nullif(strip_prefix(x), ''), 'Not recorded'));
"""


@dataclass(frozen=True)
class Breakdown:
    id: str
    label: str
    cohorts: tuple[str, ...]
    by: tuple[str, ...]
    needs: tuple[str, ...] = ()
    otherwise: str | None = None
    bands: tuple[Band, ...] = ()
    categories: tuple[str, ...] = ()

    @property
    def order(self) -> tuple[str, ...]:
        """The categories in the order they are shown (a band's label is its category)."""
        return tuple(b[0] for b in self.bands) or self.categories


def _list_number(cohort: str) -> int | None:
    found = re.fullmatch(r"list_(\d+)", cohort)
    return int(found.group(1)) if found else None


def _entry(raw: dict[str, Any], known: set[str]) -> Breakdown:
    ident = str(raw.get("id") or "")
    by_raw = raw.get("by")
    by = tuple(str(b) for b in by_raw) if isinstance(by_raw, list) else (str(by_raw),)
    cohorts = tuple(str(c) for c in raw.get("cohorts") or ())
    if not ident or not cohorts or by_raw is None:
        raise RegistryError(f"breakdown {ident!r}: id, cohorts and by are required")
    for cohort in cohorts:
        if _list_number(cohort) is None and cohort not in known:
            raise RegistryError(f"breakdown {ident}: unknown cohort {cohort!r}")
    bands = tuple(
        (str(label), int(low), None if high is None else int(high))
        for label, low, high in cast(list[list[Any]], raw.get("bands") or [])
    )
    if bands and len(by) != 1:
        raise RegistryError(f"breakdown {ident}: bands need a single 'by'")
    return Breakdown(
        id=ident,
        label=str(raw.get("label") or ident),
        cohorts=cohorts,
        by=by,
        needs=tuple(str(c) for c in raw.get("needs") or ()),
        otherwise=None if raw.get("otherwise") is None else str(raw["otherwise"]),
        bands=bands,
        categories=tuple(str(c) for c in raw.get("categories") or ()),
    )


def load_breakdowns(text: str) -> dict[str, Breakdown]:
    raw = yaml.safe_load(text)
    if not isinstance(raw, list):
        raise RegistryError("the breakdowns must be a list")
    known = {ind.id for ind in part_a()}
    entries = [_entry(cast(dict[str, Any], item), known) for item in raw]
    if len({e.id for e in entries}) != len(entries):
        raise RegistryError("breakdown ids must be unique")
    return {e.id: e for e in entries}


@lru_cache(maxsize=1)
def breakdowns() -> dict[str, Breakdown]:
    text = resources.files(__package__).joinpath("breakdowns.yaml").read_text(encoding="utf-8")
    return load_breakdowns(text)


def breakdown(breakdown_id: str) -> Breakdown:
    return breakdowns()[breakdown_id]


def _band_sql(expr: str, bands: tuple[Band, ...]) -> str:
    whens = []
    for label, low, high in bands:
        quoted = label.replace("'", "''")
        if high is None:
            whens.append(f"WHEN ({expr}) >= {low} THEN '{quoted}'")
        else:
            whens.append(f"WHEN ({expr}) BETWEEN {low} AND {high} THEN '{quoted}'")
    return f"CASE {' '.join(whens)} ELSE NULL END"


def cohort_rows(engine: Engine, cohort: str) -> tuple[int, str] | None:
    """(list number, WHERE) for a cohort's rows, or None when its list was not imported."""
    from .engine import _expand

    number = _list_number(cohort)
    if number is not None:
        return (number, "TRUE") if number in engine.lists else None
    ind = get(cohort)
    if ind.list is None or not set(ind.requires) <= engine.lists:
        return None
    reads = "[" + ", ".join(f"'{r}'" for r in ind.reads) + "]"
    where = (
        f"NOT list_has_any(unreadable, CAST({reads} AS VARCHAR[])) "
        f"AND ({_expand(ind.scope, engine.window)})"
    )
    return ind.list, where


def count_breakdown(engine: Engine, spec: Breakdown, cohort: str) -> dict[Key, int] | None:
    """The cohort's rows counted by the breakdown's categories.

    None when the cohort's list was not imported, or a needed column is
    absent and the breakdown says no `otherwise`. A category with no rows
    is absent from the answer (read it with `.get(category, 0)`).
    """
    from .engine import _expand

    if cohort not in spec.cohorts:
        raise ValueError(f"breakdown {spec.id} is not defined for {cohort!r}")
    found = cohort_rows(engine, cohort)
    if found is None:
        return None
    number, where = found
    exprs = list(spec.by)
    if not all(engine._has_column(number, column) for column in spec.needs):
        if spec.otherwise is None:
            return None
        exprs = [spec.otherwise] * len(exprs)
    if spec.bands:
        exprs = [_band_sql(exprs[0], spec.bands)]
    engine.con.execute(_expand(MACROS, engine.window))
    keys = ", ".join(f"({_expand(e, engine.window)}) AS k{i}" for i, e in enumerate(exprs))
    names = ", ".join(f"k{i}" for i in range(len(exprs)))
    rows = engine.con.execute(
        f"SELECT {keys}, count(*) FROM list_{number} WHERE {where} GROUP BY {names}"  # noqa: S608 - registry SQL
    ).fetchall()
    out: dict[Key, int] = {}
    for row in rows:
        if any(part is None for part in row[:-1]):
            continue  # outside every band
        key: Key = str(row[0]) if len(exprs) == 1 else tuple(str(p) for p in row[:-1])
        out[key] = int(row[-1])
    return out
