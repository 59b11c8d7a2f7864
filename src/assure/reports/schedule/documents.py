"""A scheduled report's document: the whole triannual report, or a pack to complete.

A report Assure builds (`generator == "triannual"`) is the triannual report of
its period. Any other report of the schedule gets a Word pack: its purpose,
audience and the difference it makes, the figures Assure holds for the
period (performance against England and neighbours, actions) and a heading
for each thing its owner writes. Either way the production is recorded, so
the schedule knows what was produced when.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from assure.core import clock
from assure.core.policy import require_perm
from assure.core.roles import Perm

from ..document_jobs import Built, Progress
from ..documents import WordDocument, authority_name
from ..models import ScheduledReport
from ..triannual import TriannualContext, build, triannual_docx
from ..triannual.jobs import public_for
from ..triannual.period import Period
from . import periods
from .services import report_produced

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The triannual report's sections a pack carries: the figures any report can use.
PACK_SECTIONS = ("performance", "actions")


def _pack_sections(key: str, context: TriannualContext) -> tuple[Any, ...]:
    """The sections apps register for this report's pack (`pack:<key>`, in `packs` modules)."""
    from django.utils.module_loading import autodiscover_modules

    from ..sections import compose

    autodiscover_modules("packs")
    return compose(f"pack:{key}", context)


def build_scheduled(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    require_perm(user, Perm.VIEW_AGGREGATES)
    report = ScheduledReport.objects.filter(key=str(params.get("report", ""))).first()
    if report is None:
        raise Http404("No such report.")
    # A daily report (a live dashboard) is made for a month when asked.
    cadence = "monthly" if report.cadence == ScheduledReport.Cadence.DAILY else report.cadence
    period = periods.parse(cadence, str(params.get("period", "")))
    # The figures come from the four-month period holding the period's last day.
    context = TriannualContext(Period.containing(period.last_day), public=public_for(user))
    composed = build(context, progress)
    progress(70, "Writing the document")
    if report.generator == "triannual":
        content = triannual_docx(composed)
    else:
        doc = WordDocument(f"{report.title}: {period.key}")
        doc.paragraph(
            f"{authority_name()}. A pack for {report.title.lower()}, {period.key}, with the "
            f"figures Assure holds; the owner completes the rest. Made on "
            f"{clock.now():%d %B %Y}."
        )
        doc.facts(
            [
                ("Purpose", report.purpose),
                ("Audience", report.audience),
                ("What difference it makes to children and families", report.difference),
                ("How often", report.get_cadence_display()),
            ]
        )
        for section in _pack_sections(report.key, context):
            doc.section(section, level=1)
        for section in composed.sections:
            if section.key in PACK_SECTIONS:
                doc.section(section, level=1)
        doc.heading("Commentary", 1)
        doc.paragraph("The owner's analysis of the period, and what it means for practice.")
        content = doc.bytes()
    report_produced(actor=user, report=report, period=period.key)
    return Built(content=content, filename=f"{report.key}-{period.key}.docx", content_type=DOCX)
