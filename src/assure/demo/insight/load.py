"""A year of Annex A for the demo county, imported month by month as an authority would.

`insight_demo_load` simulates Wealdshire's children's social care as a flow of
events (contacts, referrals, assessments, section 47 enquiries, plans,
periods of care, care leavers, adoptions) over the months before today,
then writes the Annex A extract at each month end as a folder of
`List N.csv` files, exactly as the lists' reporting periods define them,
and imports each through `snapshot_import` (as the system) before storing
its indicators the way an upload does. The figures are therefore consistent
from one month to the next: an episode open in March is still open in April
unless it closed.

Everything is seeded. Volumes are those of a county of about 310,000
children at the demo's full size (8,000 children), scaled down with it.
The story the trends should find:

- assessments completed within 45 working days fall steadily over the last
  eight months (concern);
- care leavers in touch step up for the last seven months (improvement);
- child protection visits dip sharply in one month, four months back (concern);
- children in care creep up (more children coming into care than leaving).

The files are a little messy the way real ones are (drifting headers, an
extra column, `a) Yes` beside `Y`, dd/mm/yyyy text and Excel serial dates,
non-breaking spaces and odd case in team names, an unreadable date, `#N/A`),
and one team name matches no team, so the import reports and the team
mapping page have something to show.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from assure.core import clock
from assure.insight.models import AnnexAImportJob, AnnexASnapshot
from assure.insight.services import snapshot_import
from assure.insight.tasks import indicator_values_compute

from .calendar import Calendar, month_ends, months_back
from .county import load_county
from .extract import Extract, write_extract
from .history import simulate

SEED = 20261128
FULL_SIZE = 8000  # demo children for which the volumes below are set
FOLDER_PREFIX = "Wealdshire Annex A"
LONDON = ZoneInfo("Europe/London")


def insight_demo_load(*, today: date, months: int = 12) -> int:
    """Import `months` month-end Annex A extracts for the demo county; the number imported.

    Does nothing when the demo's extracts are already there.
    """
    if (
        months < 1
        or AnnexASnapshot.objects.filter(source_filename__startswith=FOLDER_PREFIX).exists()
    ):
        return 0
    rng = random.Random(SEED)
    county = load_county(today, rng)
    if not county.kids or not county.teams:
        return 0
    scale = min(1.0, max(0.02, len(county.kids) / FULL_SIZE))
    ends = month_ends(today, months)
    cal = Calendar(months_back(ends[0], 40), ends[-1] + timedelta(days=400))
    history = simulate(county, ends, scale, rng, cal)
    now = clock.now()
    imported = 0
    with tempfile.TemporaryDirectory(prefix="annex-a-demo-") as tmp:
        for back, as_of in zip(range(len(ends) - 1, -1, -1), ends, strict=True):
            extract = Extract(as_of, back, random.Random(f"{SEED}:{as_of.isoformat()}"), cal)
            folder = write_extract(
                Path(tmp) / f"{FOLDER_PREFIX} {as_of.isoformat()}", extract.lists(history)
            )
            result = snapshot_import(path=folder, as_of=as_of)
            if result.snapshot is None:
                raise RuntimeError(f"The demo Annex A for {as_of} was rejected: {result.message}")
            indicator_values_compute(snapshot=result.snapshot)
            when = min(now, datetime.combine(as_of + timedelta(days=4), time(9, 30), tzinfo=LONDON))
            AnnexASnapshot.objects.filter(pk=result.snapshot.pk).update(imported_at=when)
            job = AnnexAImportJob.objects.create(
                as_of=as_of,
                source_filename=folder.name,
                status=AnnexAImportJob.Status.IMPORTED,
                progress=100,
                message=f"Imported {sum(result.rows.values())} rows",
                report={**result.report(), "message": ""},
                snapshot=result.snapshot,
                finished_at=when,
            )
            AnnexAImportJob.objects.filter(pk=job.pk).update(created_at=when)
            imported += 1
    return imported
