"""An area learning event's pack, generated from the data (framework 2.4): the district in
the data, what Child Outcome Analysis found there, the thematic findings published to
staff and the event's own lines of enquiry and findings; as a page, Word and PDF (made
in the background, reports.document_jobs). No child is named in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.http import Http404
from django.template.loader import render_to_string

from assure.core import clock
from assure.core.policy import has_perm
from assure.core.roles import Perm
from assure.reports.document_jobs import Built, Progress
from assure.reports.documents import WordDocument, document_context, pdf_from_html

from .models import Finding, Programme
from .policy import PROGRAMMES
from .triangulation import DistrictPicture, district_picture

KIND = "programme_pack"
TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class PackFinding:
    source: str
    theme: str
    kind: str
    text: str


@dataclass
class Pack:
    programme: Programme
    made_at: datetime
    picture: DistrictPicture | None
    lines: list[str] = field(default_factory=list)
    own: list[PackFinding] = field(default_factory=list)
    coa: list[PackFinding] = field(default_factory=list)
    thematic: list[PackFinding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.programme.title}: the pack"


def _findings(rows: Any) -> list[PackFinding]:
    return [
        PackFinding(f.programme.title, f.theme, f.get_kind_display(), f.text)
        for f in rows.select_related("programme").order_by("programme__starts_on", "id")
    ]


def pack_build(programme: Programme) -> Pack:
    since = programme.starts_on - timedelta(days=365)
    coa = Finding.objects.filter(
        programme__kind=Programme.Kind.COA,
        programme__starts_on__gte=since,
        programme__starts_on__lte=programme.starts_on,
    ).exclude(programme=programme)
    if programme.district_id:
        coa = coa.filter(programme__district_id=programme.district_id)
    thematic = Finding.objects.filter(
        programme__kind=Programme.Kind.THEMATIC,
        programme__published_at__isnull=False,
        programme__starts_on__gte=since,
    )
    return Pack(
        programme=programme,
        made_at=clock.now(),
        picture=district_picture(programme),
        lines=list(programme.lines.values_list("text", flat=True)),
        own=_findings(programme.findings.all()),
        coa=_findings(coa),
        thematic=_findings(thematic),
    )


def pack_sections(pack: Pack) -> list[tuple[str, list[PackFinding]]]:
    return [
        ("What Child Outcome Analysis found", pack.coa),
        ("Thematic findings published to staff", pack.thematic),
        ("This programme's findings", pack.own),
    ]


def pack_docx(pack: Pack) -> bytes:
    doc = WordDocument(pack.title)
    p = pack.programme
    doc.facts(
        [
            ("Kind", p.get_kind_display()),
            ("District", p.district.name if p.district is not None else "None"),
            ("Dates", f"{p.starts_on:%d %B %Y} to {p.ends_on:%d %B %Y}"),
            ("Made", f"{pack.made_at:%d %B %Y, %H:%M}"),
        ]
    )
    if pack.picture is not None:
        pic = pack.picture
        doc.heading(f"{pic.district} in the data", 1)
        doc.paragraph(
            f"The year from {pic.since}: {pic.open_cases} open cases today, {pic.alerts} "
            "practice alerts raised by chairs."
        )
        chairs = dict(pic.chair_grades)
        doc.table(
            ("Grade", "Case audits finalised", "Chairs' QA"),
            [(g, str(n), str(chairs.get(g, 0))) for g, n in pic.audit_grades],
        )
    for title, rows in pack_sections(pack):
        doc.heading(title, 1)
        if not rows:
            doc.paragraph("None in the year.")
        for f in rows:
            doc.bullet(f"{f.theme} ({f.kind.lower()}): {f.text}", aside=f" {f.source}")
    if pack.lines:
        doc.heading("Lines of enquiry", 1)
        for line in pack.lines:
            doc.bullet(line)
    return doc.bytes()


def pack_pdf(pack: Pack) -> bytes:
    html = render_to_string(
        "programmes/pack_document.html",
        {"pack": pack, "sections": pack_sections(pack), **document_context()},
    )
    return pdf_from_html(html)


def build_pack(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    fmt = params.get("format")
    if fmt not in TYPES:
        raise Http404("No such format.")
    if not has_perm(user, Perm.VIEW_STRUCTURE):  # as the page: staff only
        raise Http404("No such pack.")
    programme = PROGRAMMES.read(user, params.get("programme"))
    progress(20, "Gathering the findings and figures")
    built = pack_build(programme)
    progress(60, "Writing the document")
    content = pack_docx(built) if fmt == "docx" else pack_pdf(built)
    name = f"programme-{programme.pk}-pack.{fmt}"
    return Built(content=content, filename=name, content_type=TYPES[fmt])
