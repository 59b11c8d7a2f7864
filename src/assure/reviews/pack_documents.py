"""The District Quarterly Accountability pack as a Word document or a PDF, made in the
background (reports.document_jobs) with the asker's own sight of districts and chairs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import Http404

from assure.core import clock
from assure.reports.document_jobs import Built, Progress

from .dashboard import Quarter, units_for
from .pack import Pack, pack_build, pack_docx, pack_filename, pack_pdf
from .policy import may_see_chairs

KIND = "district_pack"
TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def pack_for_reader(user: Any, built: Pack) -> Pack:
    """The pack without the patterns by chair for a reader who may not see them."""
    if may_see_chairs(user):
        return built
    return replace(
        built,
        figures=replace(built.figures, chairs=None),
        charts=[c for c in built.charts if c.key != "chairs"],
    )


def build_pack(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    fmt = params.get("format")
    if fmt not in TYPES:
        raise Http404("No such format.")
    unit = next(
        (
            u
            for u in units_for(user)
            if u.level == "district" and str(u.pk) == str(params.get("district"))
        ),
        None,
    )
    if unit is None:
        raise Http404("No such district, or it is outside your scope.")
    quarter = Quarter.parse(params.get("quarter"), Quarter.of(clock.today()))
    progress(10, "Gathering the quarter's figures")
    built = pack_for_reader(user, pack_build(unit, quarter))
    progress(50, "Drawing the charts and writing the document")
    content = pack_docx(built) if fmt == "docx" else pack_pdf(built)
    return Built(content=content, filename=pack_filename(built, fmt), content_type=TYPES[fmt])
