"""What the QA unit learns from the audit cycle: completion, grades, calibration, text.

Every figure is counted by the database in a grouped query (`values()` then
`annotate()`), so a page costs the same number of queries whether a cycle has
thirty audits or three thousand. Each function returns `Table`s: a title, a
sentence saying what it shows, headers and rows, which the pages render, the
charts draw and the exports write unchanged.

The querysets passed in decide whose audits are counted: county-wide figures
for aggregate pages, `audits_visible_to(user)` wherever a child could be
named, and an auditor's own audits for their calibration.

One topic a module; every public name is here, so callers write
`from assure.audits import analytics` and `analytics.completion(...)`.
"""

from .agreement import CalibrationRow, calibration_rows, calibration_table
from .checks import CHECK_GROUPS, check_table, contradicted_checks
from .figures import completion, grade_cross_table, grade_distribution, grade_pairs, grade_trends
from .scales import ScaleQuestion, audit_tools, scale_averages, scale_questions
from .tables import (
    CHILD_REFERENCE,
    GRADES_BEST_FIRST,
    GROUPS,
    LONDON,
    NO_CYCLE,
    NO_DISTRICT,
    SHORT_GRADE,
    STAFF_GROUPS,
    Cell,
    Table,
)
from .text import (
    PHRASE_CACHE_SECONDS,
    THEMES,
    TextQuestion,
    answers_of,
    areas,
    recurring_phrases,
    select_questions,
    text_counts,
    text_questions,
    text_search,
)

__all__ = [
    "CHECK_GROUPS",
    "CHILD_REFERENCE",
    "GRADES_BEST_FIRST",
    "GROUPS",
    "LONDON",
    "NO_CYCLE",
    "NO_DISTRICT",
    "PHRASE_CACHE_SECONDS",
    "SHORT_GRADE",
    "STAFF_GROUPS",
    "THEMES",
    "CalibrationRow",
    "Cell",
    "ScaleQuestion",
    "Table",
    "TextQuestion",
    "answers_of",
    "areas",
    "audit_tools",
    "calibration_rows",
    "calibration_table",
    "check_table",
    "completion",
    "contradicted_checks",
    "grade_cross_table",
    "grade_distribution",
    "grade_pairs",
    "grade_trends",
    "recurring_phrases",
    "scale_averages",
    "scale_questions",
    "select_questions",
    "text_counts",
    "text_questions",
    "text_search",
]
