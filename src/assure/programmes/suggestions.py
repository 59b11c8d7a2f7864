"""Candidate lines of enquiry drawn from the data, each with the evidence behind it.

The Quality Circle chooses its themes from what the data says (framework 2.3):
teams whose finalised audits cluster at requires improvement or inadequate,
services whose moderation drifts from the auditors' grades, teams or districts
where practice alerts cluster, and published indicators rated red against
England and statistical neighbours. Each suggestion carries its evidence as
`{"type", "id"|"ref", "text"}` so the circle can check it before adopting it.
Counts and ids only: no child's reference is in a suggestion.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.db.models import Count

from assure.core import clock
from assure.org.models import District

LOOK_BACK_DAYS = 365
MIN_AUDITS = 3
WEAK_SHARE = 0.5
MIN_ALERTS = 2
WEAK = ("requires_improvement", "inadequate")


def suggestions(*, district: District | None = None) -> list[dict[str, Any]]:
    since = clock.now() - timedelta(days=LOOK_BACK_DAYS)
    out = [*_grade_clusters(district, since), *_calibration_drift(district, since)]
    out += _alert_clusters(district, since)
    if district is None:
        out += _red_indicators()
    return out


def _grade_clusters(district: District | None, since: Any) -> list[dict[str, Any]]:
    from assure.audits.models import Audit

    audits = Audit.objects.filter(finalised_at__gte=since).exclude(final_grade="")
    if district is not None:
        audits = audits.filter(team__district=district)
    by_team: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, team, grade in audits.values_list("pk", "team__name", "final_grade").order_by("pk"):
        by_team[team].append((pk, grade))
    out = []
    for team, rows in sorted(by_team.items()):
        weak = [(pk, g) for pk, g in rows if g in WEAK]
        if len(rows) < MIN_AUDITS or len(weak) < WEAK_SHARE * len(rows):
            continue
        evidence = [
            {
                "type": "audit_grades",
                "ref": team,
                "text": f"{len(weak)} of {len(rows)} audits finalised in the last year in {team} "
                "were graded requires improvement or inadequate",
            }
        ]
        evidence += [
            {"type": "audit", "id": str(pk), "text": grade.replace("_", " ")}
            for pk, grade in weak[:5]
        ]
        out.append(
            {
                "text": f"Why do audits in {team} cluster at requires improvement or inadequate, "
                "and what would help practice there?",
                "evidence": evidence,
            }
        )
    return out


def _calibration_drift(district: District | None, since: Any) -> list[dict[str, Any]]:
    from assure.audits.calibration import drifts, summarise
    from assure.audits.models import Audit

    audits = (
        Audit.objects.filter(finalised_at__gte=since)
        .exclude(auditor_grade="")
        .exclude(moderated_grade="")
    )
    if district is not None:
        audits = audits.filter(team__district=district)
    pairs: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for service, given, moderated in audits.values_list(
        "team__service__name", "auditor_grade", "moderated_grade"
    ):
        pairs[service][(given, moderated)] += 1
    out = []
    for service, counts in sorted(pairs.items()):
        summary = summarise(dict(counts))
        if not drifts(summary):
            continue
        out.append(
            {
                "text": f"Are auditors in {service} grading to the same standard as moderators?",
                "evidence": [
                    {
                        "type": "calibration",
                        "ref": service,
                        "text": f"Of {summary.n} moderated audits, {summary.agreed} agreed, "
                        f"{summary.up} moved up and {summary.down} moved down",
                    }
                ],
            }
        )
    return out


def _alert_clusters(district: District | None, since: Any) -> list[dict[str, Any]]:
    from assure.reviews.models import PracticeAlert

    alerts = PracticeAlert.objects.filter(created__gte=since)
    if district is not None:
        alerts = alerts.filter(team__district=district)
    rows = (
        alerts.values("team__name", "team__district__name").annotate(n=Count("pk")).order_by("-n")
    )
    out = []
    for row in rows:
        if row["n"] < MIN_ALERTS:
            continue
        team = row["team__name"]
        out.append(
            {
                "text": f"What lies behind the practice alerts raised in {team}?",
                "evidence": [
                    {
                        "type": "practice_alerts",
                        "ref": team,
                        "text": f"{row['n']} practice alerts raised by chairs in the last year "
                        f"({row['team__district__name'] or 'no district'})",
                    }
                ],
            }
        )
    return out


def _red_indicators() -> list[dict[str, Any]]:
    from assure.insight.comparisons import own_comparison

    try:
        compared = own_comparison()
    except Exception:  # benchmarks are an extra; a missing file must not stop the circle
        return []
    if compared is None:
        return []
    out = []
    for row in compared.rows:
        if row.rag.status != "red":
            continue
        out.append(
            {
                "text": f"Why is {row.indicator.label.lower()} worse than England and our "
                "statistical neighbours?",
                "evidence": [
                    {
                        "type": "indicator",
                        "id": row.indicator.id,
                        "text": f"{row.comparison.value} ({compared.result.year}); England "
                        f"{row.comparison.england}, neighbours {row.comparison.sn_median}. "
                        f"{row.rag.reason}",
                    }
                ],
            }
        )
    return out
