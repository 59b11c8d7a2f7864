"""Composed sections as JSON and back: how an approved report keeps its figures for ever."""

from __future__ import annotations

from typing import Any

from assure.reports.charts import Chart
from assure.reports.sections import Section
from assure.reports.tables import Table


def _rows(rows: tuple[tuple[Any, ...], ...]) -> list[list[Any]]:
    return [list(r) for r in rows]


def freeze(sections: tuple[Section, ...]) -> list[dict[str, Any]]:
    return [
        {
            "key": s.key,
            "title": s.title,
            "intro": s.intro,
            "notes": list(s.notes),
            "empty_text": s.empty_text,
            "tables": [
                {
                    "title": t.title,
                    "headers": list(t.headers),
                    "rows": _rows(t.rows),
                    "note": t.note,
                }
                for t in s.tables
            ],
            "charts": [
                {
                    "key": c.key,
                    "title": c.title,
                    "summary": c.summary,
                    "headers": list(c.headers),
                    "rows": _rows(c.rows),
                    "spec": c.spec,
                    "numeric": list(c.numeric),
                }
                for c in s.charts
            ],
        }
        for s in sections
    ]


def thaw(frozen: list[dict[str, Any]]) -> tuple[Section, ...]:
    return tuple(
        Section(
            key=s["key"],
            title=s["title"],
            intro=s["intro"],
            notes=tuple(s["notes"]),
            empty_text=s["empty_text"],
            tables=tuple(
                Table(
                    title=t["title"],
                    headers=tuple(t["headers"]),
                    rows=tuple(tuple(r) for r in t["rows"]),
                    note=t["note"],
                )
                for t in s["tables"]
            ),
            charts=tuple(
                Chart(
                    key=c["key"],
                    title=c["title"],
                    summary=c["summary"],
                    headers=tuple(c["headers"]),
                    rows=tuple(tuple(r) for r in c["rows"]),
                    spec=c["spec"],
                    numeric=tuple(c["numeric"]),
                )
                for c in s["charts"]
            ),
        )
        for s in frozen
    )
