"""The thirteen reports of the framework's Appendix B, as the schedule's first rows.

Owners are left empty: the QA unit names each owner on the schedule page.
The schedule counts from 1 January 2027, the first period a council
going live with Assure reports on.
"""

from datetime import date

from django.db import migrations

STARTS = date(2027, 1, 1)

# key, title, purpose, audience, difference, cadence, due_month, generator
REPORTS = (
    (
        "audit-summary",
        "Children and Families audit summary",
        "An update on practice across the service from the case audits and their moderation.",
        "Corporate director, directors, assistant directors, service managers, team managers",
        "Highlights issues as they emerge, recognises good practice and the strengths to "
        "build on.",
        "triannual",
        None,
        "triannual",
    ),
    (
        "appreciative-inquiry",
        "Appreciative inquiry",
        "Developing a learning culture that celebrates teams' skills and shares the learning.",
        "Corporate director, directors, assistant directors, service managers, team managers",
        "Celebrates good practice and learning from the audits, improving confidence and morale.",
        "bimonthly",
        None,
        "",
    ),
    (
        "triannual-report",
        "Children and Families report",
        "A concise summary of the service's performance, challenges and developments over "
        "the four-month period.",
        "Divisional management team",
        "Keeps leaders aware of good practice and able to scrutinise, so the focus stays on "
        "services to children and families.",
        "triannual",
        None,
        "triannual",
    ),
    (
        "front-door",
        "Front door",
        "Contacts received by the front door, their sources and outcomes, and trends over time.",
        "Divisional management team",
        "An understanding of demand and of the journey through the front door, to make it "
        "smoother and more effective.",
        "daily",
        None,
        "",
    ),
    (
        "placement-programme",
        "Total placement programme",
        "Children in care, care leavers and vulnerable young adults: placement types, "
        "admissions and discharges.",
        "Divisional management team",
        "Sufficiency of placements, thresholds applied robustly, and discharge planning that "
        "works.",
        "quarterly",
        None,
        "",
    ),
    (
        "corporate-parenting",
        "Corporate parenting panel and challenge cards",
        "Updates elected members, as corporate parents, on services for children in care; "
        "children and young people challenge their corporate parents.",
        "Elected members for children in care; children and young people",
        "Holds the service to account and gives children a voice in the design of services.",
        "bimonthly",
        None,
        "",
    ),
    (
        "fostering",
        "Fostering business plan, statement of purpose and sufficiency",
        "The national minimum standards for reporting, and the performance of the fostering "
        "service.",
        "Integrated children's services",
        "Enough foster carers and placements for the children in care who need them.",
        "annual",
        None,
        "",
    ),
    (
        "assurance-presentation",
        "Children's assurance presentation",
        "The last quarter's performance for the children's assurance board, on an agreed theme.",
        "Children's assurance board",
        "A joined-up, directorate-level view linking service delivery to children's outcomes.",
        "quarterly",
        None,
        "",
    ),
    (
        "pcc-sla",
        "Police and crime commissioner's service level report",
        "The outcomes for young people engaged through the youth justice service.",
        "Police and crime commissioner; youth justice and prevention leadership",
        "Support provided effectively, and restorative practice used.",
        "quarterly",
        None,
        "",
    ),
    (
        "youth-justice-board",
        "Youth justice board performance report",
        "The youth justice service's performance over the last quarter.",
        "The county youth justice board",
        "The right support at the right point, to prevent offending and re-offending.",
        "quarterly",
        None,
        "",
    ),
    (
        "adoption",
        "Adoption service report",
        "The performance of the adoption service, for the executive.",
        "Executive members",
        "Timely adoptions and enough adopters for the children whose plan is adoption.",
        "annual",
        None,
        "",
    ),
    (
        "virtual-school",
        "Virtual school report",
        "Mid-cycle report on the performance and progress of the virtual school's work.",
        "Divisional management team; corporate parenting panel",
        "Where children in care's educational outcomes have fallen, so action is taken.",
        "annual",
        4,
        "",
    ),
    (
        "virtual-school-annual",
        "Virtual school annual report",
        "The outcomes and activity of the virtual school in the year (a statutory report).",
        "Corporate management team; divisional management team; corporate parenting panel",
        "Holds the virtual school to account and promotes improvement.",
        "annual",
        10,
        "",
    ),
)


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    ScheduledReport = apps.get_model("reports", "ScheduledReport")
    for key, title, purpose, audience, difference, cadence, due_month, generator in REPORTS:
        ScheduledReport.objects.get_or_create(
            key=key,
            defaults={
                "title": title,
                "purpose": purpose,
                "audience": audience,
                "difference": difference,
                "cadence": cadence,
                "due_month": due_month,
                "generator": generator,
                "from_appendix_b": True,
                "starts_on": STARTS,
            },
        )


def unload(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("reports", "ScheduledReport").objects.filter(from_appendix_b=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_reporting_schedule")]

    operations = [migrations.RunPython(load, unload)]
