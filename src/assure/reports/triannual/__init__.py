"""The triannual learning and improvement report (seed 1.1, 5): periods, sections, documents."""

from .compare import TriannualContext
from .documents import CONTENT_TYPES, triannual_document, triannual_docx, triannual_html
from .period import Period
from .report import HEADINGS, REPORT, TriannualReport, build

__all__ = [
    "CONTENT_TYPES",
    "HEADINGS",
    "REPORT",
    "Period",
    "TriannualContext",
    "TriannualReport",
    "build",
    "triannual_document",
    "triannual_docx",
    "triannual_html",
]
