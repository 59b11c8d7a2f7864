"""Loading the demo: the county first, then what each part of Assure builds on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from assure.core import clock, trail
from assure.core.models import AuditEvent
from assure.org.models import Case, Child, Directorate, Team, User

# The parts are called through their modules, so that a test can load a smaller demo
# by replacing one of them (fewer months of Annex A, say).
from . import audits, insight, reviews
from . import programmes as programmes_demo
from .county import county_create
from .feedback import feedback_demo_load
from .names import DIRECTORATE


@dataclass
class DemoSummary:
    created: bool
    teams: int
    staff: int
    children: int
    cases: int


def demo_loaded() -> bool:
    return Directorate.objects.filter(name=DIRECTORATE).exists()


@transaction.atomic
def demo_load(*, children: int = 8000, today: date | None = None) -> DemoSummary:
    """Create the demo county once; later runs only refresh the demo passwords.

    `today` is the day the demo's stories are told from (a cycle under way, late
    actions, alerts at every stage). Given another day than the clock's, the
    whole load runs with the clock stopped on that day, so that what the
    services stamp and what the generators write agree.
    """
    if today is not None and today != clock.today():
        with clock.frozen(clock.local_moment(today, 7)):
            return demo_load(children=children)
    if not settings.ASSURE_DEMO:
        raise RuntimeError("The demo authority can only be loaded in local or demo mode.")
    password = make_password(settings.ASSURE_DEMO_PASSWORD)
    if demo_loaded():
        User.objects.filter(is_demo=True, username__startswith="demo-").update(password=password)
        return _summary(created=False)
    today = today or clock.today()
    county_create(children=children, today=today, password=password)
    audits.audits_demo_load(today=today)
    reviews.reviews_demo_load(today=today)
    insight.insight_demo_load(today=today)
    feedback_demo_load(today=today)
    programmes_demo.programmes_demo_load(today=today)
    trail.record(
        actor=None,
        action=AuditEvent.Action.IMPORT,
        username="demo-loader",
        summary="Loaded the demo authority (Wealdshire)",
    )
    return _summary(created=True)


def _summary(*, created: bool) -> DemoSummary:
    return DemoSummary(
        created=created,
        teams=Team.objects.count(),
        staff=User.objects.count(),
        children=Child.objects.count(),
        cases=Case.objects.count(),
    )
