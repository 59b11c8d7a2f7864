"""The Annex A figures the reporting schedule's packs carry (reports.schedule.documents).

A pack is named `pack:<report key>`; each section here is one section of the
visual report of the last Annex A extract taken by the end of the pack's
period: the front door's contacts and referrals, the placement programme's
children in care and placements, the adoption service's timeliness, and what
the corporate parenting panel reads. Counts and percentages only.
"""

from __future__ import annotations

from collections.abc import Callable

from assure.reports.sections import Section, report_section
from assure.reports.triannual.compare import TriannualContext

from .models import AnnexASnapshot
from .report import snapshot_report

NO_EXTRACT = "No Annex A extract was taken by the end of this period."

# report key -> the visual report's sections it carries, with their titles.
PACKS: dict[str, tuple[tuple[str, str], ...]] = {
    "front-door": (
        ("volumes", "Volumes and rates"),
        ("sources", "Sources of contacts and referrals"),
        ("timeliness", "Timeliness"),
    ),
    "placement-programme": (
        ("placements", "Placements"),
        ("care-leavers", "Care leavers' outcomes"),
    ),
    "adoption": (("adoption", "Adoption timeliness"),),
    "corporate-parenting": (
        ("placements", "Placements"),
        ("visits", "Visits in time"),
        ("care-leavers", "Care leavers' outcomes"),
    ),
}


def _section(key: str) -> Callable[[TriannualContext], Section]:
    def build(context: TriannualContext) -> Section:
        snapshot = (
            AnnexASnapshot.objects.filter(
                status=AnnexASnapshot.Status.IMPORTED, as_of__lt=context.period.ends_before
            )
            .order_by("-as_of", "-imported_at", "-pk")
            .first()
        )
        if snapshot is None:
            return Section(empty_text=NO_EXTRACT)
        found = next((s for s in snapshot_report(snapshot).sections if s.key == key), None)
        if found is None:
            return Section(empty_text=NO_EXTRACT)
        return Section(
            intro=f"From the Annex A extract as at {snapshot.as_of:%d %B %Y}. {found.intro}",
            charts=found.charts,
            tables=found.tables,
            notes=found.notes,
            empty_text=found.empty_text,
        )

    return build


for _pack, _sections in PACKS.items():
    for _order, (_key, _title) in enumerate(_sections):
        report_section(report=f"pack:{_pack}", key=_key, title=_title, order=_order)(_section(_key))
