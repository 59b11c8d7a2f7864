"""What chairs' QA shows, for the county, a district or a team.

Figures are aggregated in the database (values/annotate), a fixed handful of
queries whatever the number of meetings: QA grades, the SMART and timeframe
judgements (% yes per question), alerts raised, open by stage, overdue,
resolved and the median time to resolve, appreciations and mid-way review
completion, each by quarter, and the patterns by chair.

Who sees what (the rules are the app's policy, `reviews.policy`): anyone with
aggregate access sees the county; managers see the districts and teams their
scope reaches; the QA unit, chairs and senior leaders see every unit and the
patterns by chair. Elected members and analysts see county aggregates only,
with small counts suppressed. Nothing here carries a child's reference.

One topic a module: `periods` (quarters), `units` (who may choose which unit),
`rows` (the figures' shapes), `counting` (the queries), `display` and `charts`
(what one reader is shown).
"""

from .charts import chart_by_key, charts
from .counting import figures
from .display import TREND_HEADERS, Show, headline_rows, trend_rows
from .periods import Quarter
from .rows import (
    GOOD_OR_BETTER,
    MIDWAY_AFTER,
    QUESTIONS,
    ChairRow,
    Figures,
    QuarterRow,
    pct,
)
from .units import (
    Unit,
    county,
    district_of,
    district_unit,
    sees_chairs,
    sees_everything,
    unit_for,
    units_for,
)

__all__ = [
    "GOOD_OR_BETTER",
    "MIDWAY_AFTER",
    "QUESTIONS",
    "TREND_HEADERS",
    "ChairRow",
    "Figures",
    "Quarter",
    "QuarterRow",
    "Show",
    "Unit",
    "chart_by_key",
    "charts",
    "county",
    "district_of",
    "district_unit",
    "figures",
    "headline_rows",
    "pct",
    "sees_chairs",
    "sees_everything",
    "trend_rows",
    "unit_for",
    "units_for",
]
