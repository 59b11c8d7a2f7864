"""Reports composed from registered sections.

A report is never hand-assembled: each app registers the sections it can
contribute, as `core.home.home_panel` registers home-page panels, and a
report is the registered sections of its kind, in order, each given the
same context (the period and scope the report is about).

Registering a section::

    from assure.reports.sections import Section, report_section

    @report_section(report="annex-a", key="volumes", title="Volumes and rates", order=10)
    def volumes(context: AnnexContext) -> Section:
        return Section(intro="...", charts=(...,), tables=(...,), notes=(...,))

- `report` names the kind of report the section belongs to (the Annex A
  visual report, a district pack, the triannual report); the toolkit knows
  no app, only these names.
- `key` is unique within the report (it anchors the section on a page);
  `title` is its heading; `order` places it (lower first).
- The function returns the section's content: its opening sentence
  (`intro`), charts (each with its table and sentence), tables, notes and
  sources. Key and title come from the registration: the function leaves
  them out. It may return a subclass of `Section` carrying more structured
  data for its app's own pages.

Composing one::

    sections = compose("annex-a", context)

gives each registered section's content with its key and title, in order.
The Word and PDF builders (`reports.documents`) write any composed report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from .charts import Chart
from .tables import Table


@dataclass(frozen=True)
class Section:
    """One section's content: sentences, charts and tables."""

    key: str = ""
    title: str = ""
    intro: str = ""
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    empty_text: str = "No figures for this section."

    @property
    def is_empty(self) -> bool:
        return not self.charts and not self.tables


Builder = Callable[[Any], Section]
F = TypeVar("F", bound=Builder)


@dataclass(frozen=True)
class RegisteredSection:
    report: str
    key: str
    title: str
    order: int
    build: Builder


_SECTIONS: dict[tuple[str, str], RegisteredSection] = {}


def report_section(*, report: str, key: str, title: str, order: int) -> Callable[[F], F]:
    """Register a function as the builder of one section of `report`."""

    def register(build: F) -> F:
        _SECTIONS[(report, key)] = RegisteredSection(report, key, title, order, build)
        return build

    return register


def sections_of(report: str) -> list[RegisteredSection]:
    """The sections registered for `report`, in order."""
    found = [s for (name, _key), s in _SECTIONS.items() if name == report]
    return sorted(found, key=lambda s: (s.order, s.key))


def compose(report: str, context: Any) -> tuple[Section, ...]:
    """Every registered section of `report` built for `context`, in order."""
    return tuple(
        replace(spec.build(context), key=spec.key, title=spec.title) for spec in sections_of(report)
    )
