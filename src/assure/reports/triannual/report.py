"""The triannual learning and improvement report, composed from the sections apps register.

Each app that holds part of the picture registers a section of the report
named `triannual` in a module called `triannual` (audits, reviews, actions,
insight do today); they are found with Django's module discovery, so this
package knows no app. The contract promises a heading for every part of the
framework, so a part no app records yet still has its heading, and says
plainly that Assure does not hold it, rather than disappearing or showing
figures it does not have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.utils.module_loading import autodiscover_modules

from assure.core import clock
from assure.reports.sections import Section, compose, sections_of

from .compare import TriannualContext

REPORT = "triannual"

# Every heading of the report (contract.md, `assure report triannual`), in order.
HEADINGS: tuple[tuple[str, str, int], ...] = (
    ("audits", "Case audits and moderation", 10),
    ("appreciative-inquiry", "Appreciative inquiry", 20),
    ("chairs", "Chairs' and reviewing officers' QA and practice alerts", 30),
    ("coa", "Child Outcome Analysis", 40),
    ("thematic", "Thematic and multi-agency audits", 50),
    ("learning-events", "Learning events", 60),
    ("children", "Voices of children and young people", 70),
    ("parents", "Parents and carers", 80),
    ("staff", "Staff", 90),
    ("partners", "Partners", 100),
    ("complaints", "Complaints and compliments", 110),
    ("learning-reviews", "Learning reviews", 120),
    ("communities", "Communities of practice and training", 130),
    ("performance", "Performance and benchmarks", 140),
    ("actions", "Actions and their impact", 150),
)

NOT_HELD = (
    "Assure does not record this part of the framework yet, so this section has no "
    "figures: the QA unit writes it into the document."
)


@dataclass(frozen=True)
class TriannualReport:
    context: TriannualContext
    made_at: datetime
    sections: tuple[Section, ...]
    summary: str = ""
    commentary: dict[str, str] = field(default_factory=dict)
    status: str = "draft"  # the edition's: draft, in_review or approved
    approved_at: datetime | None = None

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    @property
    def title(self) -> str:
        return f"Learning and improvement report, {self.context.period.label}"


def _discover() -> None:
    autodiscover_modules("triannual")


def build(
    context: TriannualContext,
    progress: Callable[[int, str], None] | None = None,
    *,
    live: bool = False,
) -> TriannualReport:
    """Every heading's section for the period, with the QA unit's words.

    An approved period's report is made from the figures frozen at approval (unless
    `live`, which approval itself uses); any other is built from the data now.
    """
    from .editions import edition_for
    from .frozen import thaw

    edition = edition_for(context.period)
    words: dict[str, Any] = {}
    if edition is not None:
        words = {
            "summary": edition.summary,
            "commentary": dict(edition.commentary),
            "status": edition.status,
            "approved_at": edition.approved_at,
        }
        if edition.frozen and not live:
            frozen = edition.frozen["public" if context.public else "full"]
            assert edition.approved_at is not None
            return TriannualReport(
                context=context, made_at=edition.approved_at, sections=thaw(frozen), **words
            )
    _discover()
    registered = {s.key for s in sections_of(REPORT)}
    if progress:
        progress(20, "Counting the period's audits, meetings, alerts and actions")
    built = {s.key: s for s in compose(REPORT, context)}
    sections = []
    for key, title, _order in HEADINGS:
        if key in registered:
            sections.append(built[key])
        else:
            sections.append(replace(Section(empty_text=NOT_HELD), key=key, title=title))
    # A section an app registers beyond the contract's list goes at the end, in its order.
    sections.extend(s for k, s in built.items() if k not in {h[0] for h in HEADINGS})
    return TriannualReport(context=context, made_at=clock.now(), sections=tuple(sections), **words)
