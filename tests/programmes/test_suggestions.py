"""Lines of enquiry suggested from the data, each with its evidence and no child's reference."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from assure.audits import calibration
from assure.audits import services as audits
from assure.audits.models import Audit
from assure.core import clock
from assure.instruments.engine import tool_as_api
from assure.programmes import suggestions as module
from tests.audits.conftest import allocated, answer_everything, cycle  # noqa: F401
from tests.conftest import World


@pytest.fixture
def finalised(world: World, allocated: Audit) -> Audit:  # noqa: F811
    """Graded good by its auditor, moved down to inadequate at moderation (December 2026)."""
    auditor, moderator = world.user("team_manager"), world.user("service_manager")
    with clock.frozen(datetime(2026, 12, 1, 10)):
        audit = audits.audit_save_draft(
            actor=auditor,
            audit_id=allocated.pk,
            version=allocated.version,
            responses=answer_everything(tool_as_api(allocated.tool.parsed)),
        )
        audit = audits.audit_submit(
            actor=auditor, audit_id=audit.pk, version=audit.version, grade="good"
        )
        audit = audits.moderation_record(
            actor=moderator,
            audit_id=audit.pk,
            version=audit.version,
            decision="change",
            grade="inadequate",
            reason="Risks not assessed",
        )
        audit.refresh_from_db()
        return audits.audit_finalise(actor=moderator, audit_id=audit.pk, version=audit.version)


def test_grade_clusters_and_calibration_drift(
    world: World, finalised: Audit, monkeypatch: Any
) -> None:
    monkeypatch.setattr(module, "_red_indicators", lambda: [])
    with clock.frozen(datetime(2026, 12, 10, 10)):
        assert module.suggestions() == []  # one audit is no cluster
        monkeypatch.setattr(module, "MIN_AUDITS", 1)
        monkeypatch.setattr(calibration, "DRIFT_MIN_N", 1)
        found = module.suggestions(district=world.district_a)
        elsewhere = module.suggestions(district=world.district_b)
    kinds = {e["type"] for s in found for e in s["evidence"]}
    assert {"audit_grades", "audit", "calibration"} <= kinds
    grades = next(s for s in found if s["evidence"][0]["type"] == "audit_grades")
    assert "A Family Support" in grades["text"]
    assert {"type": "audit", "id": str(finalised.pk), "text": "inadequate"} in grades["evidence"]
    assert "REF-OWN" not in str(found)
    assert elsewhere == []
    with clock.frozen(datetime(2028, 1, 10, 10)):
        assert module.suggestions() == []  # more than a year ago: no longer a pattern
