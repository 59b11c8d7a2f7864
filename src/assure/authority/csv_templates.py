"""The CSV templates an administrator downloads before a first upload.

Each template is the header row, one example row, and then one line per
column whose values are limited, starting with `#` (the importers skip lines
that start with `#`, so a template filled in below the example loads as it is
once the example row is replaced).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from assure.core.roles import ROLES
from assure.org.case_loads import CASE_COLUMNS
from assure.org.csv_import import STAFF_COLUMNS, STRUCTURE_COLUMNS
from assure.org.models import Case, Child, Service
from assure.reviews.importer import COLUMNS as MEETING_COLUMNS


@dataclass(frozen=True)
class CsvTemplate:
    kind: str
    columns: tuple[str, ...]
    example: tuple[str, ...]
    allowed: dict[str, tuple[str, ...]]
    notes: str


def _templates() -> dict[str, CsvTemplate]:
    roles = tuple(ROLES)
    return {
        t.kind: t
        for t in [
            CsvTemplate(
                "structure",
                STRUCTURE_COLUMNS,
                (
                    "North",
                    "Ashford",
                    "Children's social work",
                    "childrens_social_work",
                    "Ashford Family Support",
                ),
                {"service_kind": tuple(Service.Kind.values)},
                "One row a team; county-wide teams leave area and district blank.",
            ),
            CsvTemplate(
                "staff",
                STAFF_COLUMNS,
                (
                    "j.smith",
                    "Jo",
                    "Smith",
                    "jo.smith@example.gov.uk",
                    "Team manager",
                    "Ashford Family Support",
                    "team_manager",
                    "",
                ),
                {"role": roles},
                "One row a role; role_anchor names the service, district or area a service "
                "manager's or assistant director's scope covers.",
            ),
            CsvTemplate(
                "meetings",
                MEETING_COLUMNS,
                (
                    "CMS-100231",
                    "cp_conference",
                    "initial",
                    "31/03/2026",
                    "AB123456",
                    "Ashford Family Support",
                    "j.smith",
                    "p.chair",
                ),
                {"kind": ("cp_conference", "cic_review"), "stage": ("initial", "review")},
                "One row a conference or review that has taken place (docs/meetings-import.md).",
            ),
            CsvTemplate(
                "feedback",
                ("received_on", "text", "team", "district", "rating", "themes", "response"),
                (
                    "31/03/2026",
                    "The social worker listened to us.",
                    "Ashford Family Support",
                    "Ashford",
                    "5",
                    "being listened to;communication",
                    "",
                ),
                {"rating": ("1", "2", "3", "4", "5")},
                "One row a piece of feedback; themes separated by ';'.",
            ),
            CsvTemplate(
                "cases",
                CASE_COLUMNS,
                ("AB123456", "5_9", "cin", "Ashford Family Support", "j.smith", "open"),
                {
                    "age_band": tuple(Child.AgeBand.values),
                    "case_type": tuple(Case.Type.values),
                    "status": ("open", "closed"),
                },
                "One row a case; a case marked closed is closed in Assure.",
            ),
        ]
    }


def template_kinds() -> list[str]:
    return list(_templates())


def template_csv(kind: str) -> str | None:
    """The template's text, or None for an unknown kind."""
    template = _templates().get(kind)
    if template is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(template.columns)
    writer.writerow(template.example)
    writer.writerow([f"# {template.notes} Replace the example row; lines starting # are skipped."])
    for column, values in template.allowed.items():
        writer.writerow([f"# {column}: one of {', '.join(values)}"])
    return out.getvalue()
