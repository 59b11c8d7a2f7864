"""The triannual report made in the background for the person who asked (reports.document_jobs).

Anyone who may see the authority's aggregate figures may ask. Someone who does
not see every team's records (an elected member, a children in care council's
worker, a team's practitioner) is given the public version, whatever they ask
for: no count under 5 and nothing quoted from what was written about a child.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from assure.core.policy import access_for, require_perm
from assure.core.roles import Perm
from assure.reports.document_jobs import Built, Progress

from .compare import TriannualContext
from .documents import CONTENT_TYPES, triannual_document
from .period import Period
from .report import build

KIND = "triannual"


def public_for(user: Any) -> bool:
    """Whether this reader is given only the public version.

    The full version counts every team's records and quotes the phrases auditors
    wrote about children's cases, so only readers who see every team's records (the
    QA unit, senior leaders, chairs) get it; anyone else, a team's practitioner or
    manager included, gets the public one, as an elected member does.
    """
    access = access_for(user)
    return not (Perm.VIEW_CASES in access.perms and access.all_teams)


def build_triannual(user: Any, params: dict[str, Any], progress: Progress) -> Built:
    require_perm(user, Perm.VIEW_AGGREGATES)
    fmt = str(params.get("format"))
    if fmt not in CONTENT_TYPES:
        raise Http404("No such report.")
    period = Period.parse(str(params.get("period", "")))
    public = bool(params.get("public")) or public_for(user)
    report = build(TriannualContext(period, public=public), progress)
    progress(70, "Writing the document")
    suffix = "-public" if public else ""
    return Built(
        content=triannual_document(report, fmt),
        filename=f"learning-and-improvement-report-{period.key}{suffix}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
