"""The demo county's children's social care as a flow of events over the months
before today, with the shifts the trends should find."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from assure.org.models import Case

from .calendar import Calendar, month_end, months_back
from .codes import (
    ABUSE,
    ACCOMMODATION,
    ADOPTION_DECISIONS,
    CIN_CLOSURE,
    CIN_DAYS,
    CIN_STOCK,
    CLA_ARRIVALS,
    CLA_DAYS,
    CLA_STOCK,
    CONTACTS,
    CP_DAYS,
    EARLY_HELP,
    EH_ORGS,
    LEAVER_DAYS,
    LEAVER_STOCK,
    LEGAL,
    NEED_CODES,
    PERMANENCE,
    PLACEMENTS,
    REFERRALS,
    SEASON,
    SOURCES,
    UNKNOWN_TEAM,
    pick,
)
from .county import County, Kid
from .events import Adoption, Assessment, Enquiry, Episode, History, Referral


class _Picker:
    """Children from a pool in a shuffled cycle, so few appear twice at once."""

    def __init__(self, pool: Sequence[Kid], rng: random.Random, first: Sequence[Kid] = ()):
        self.rng = rng
        chosen = set(first)
        rest = [k for k in pool if k not in chosen]
        rng.shuffle(rest)
        self.queue = [*first, *rest]
        self.pool = list(pool)
        self.i = 0

    def __call__(self) -> Kid:
        if self.i >= len(self.queue):
            self.queue = self.pool[:]
            self.rng.shuffle(self.queue)
            self.i = 0
        self.i += 1
        return self.queue[self.i - 1]


def _count(rng: random.Random, mean: float) -> int:
    """How many events in a month whose expected number is `mean` (roughly Poisson)."""
    return max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean > 0 else 0


def _duration(rng: random.Random, mean: float, shortest: int = 7) -> int:
    """Days an episode lasts: at least `shortest`, `mean` on average, a long tail."""
    return shortest + int(rng.expovariate(1 / max(1.0, mean - shortest)))


def simulate(
    county: County, ends: list[date], scale: float, rng: random.Random, cal: Calendar
) -> History:
    last = ends[-1]
    start = months_back(ends[0], 9) + timedelta(days=1)  # flows begin here
    kids = county.kids
    young = [k for k in kids if (last - k.dob).days < 18 * 365] or kids
    adults = [k for k in kids if (last - k.dob).days >= 18 * 365] or kids
    babies = [k for k in young if (last - k.dob).days < 5 * 365] or young
    demo_first = sorted(
        (k for k in young if k.case_worker and k.case_type in (Case.Type.CIN, Case.Type.CP)),
        key=lambda k: (k.case_team != county.demo_team, k.ref),
    )[:40]
    pick_young = _Picker(young, rng)
    pick_cin = _Picker(young, rng, [k for k in demo_first if k.case_type == Case.Type.CIN][:20])
    pick_cp = _Picker(young, rng, [k for k in demo_first if k.case_type == Case.Type.CP][:20])
    pick_cla = _Picker(
        young, rng, [k for k in young if k.case_type == Case.Type.CIC][: int(CLA_STOCK * scale)]
    )
    pick_leaver = _Picker(adults, rng, [k for k in adults if k.case_type == Case.Type.CARE_LEAVER])
    pick_baby = _Picker(babies, rng)

    h = History()

    def cin_episode(begin: date, end: date | None, kid: Kid) -> Episode:
        kind = "Family Support" if rng.random() < 0.8 else "Assessment"
        team = county.team(kid, kind if rng.random() < 0.9 else "disabled")
        return Episode(begin, end, kid, team, pick(rng, NEED_CODES), other=pick(rng, CIN_CLOSURE))

    def cp_plan(begin: date, end: date | None, kid: Kid) -> Episode:
        initial = pick(rng, ABUSE)
        latest = initial if rng.random() < 0.85 else pick(rng, ABUSE)
        previous = 1 if rng.random() < 0.2 else (2 if rng.random() < 0.03 else 0)
        team = county.team(kid, "Family Support" if rng.random() < 0.9 else "disabled")
        return Episode(begin, end, kid, team, initial, latest, "", previous, rng.random() < 0.04)

    def cla_period(begin: date, end: date | None, kid: Kid) -> Episode:
        kind = "Children in Care" if rng.random() < 0.85 else "fostering"
        team = county.team(kid, kind if rng.random() < 0.96 else "disabled")
        moves = rng.choices([1, 2, 3, 4, 5], [68, 22, 6, 3, 1])[0]
        return Episode(
            begin,
            end,
            kid,
            team,
            pick(rng, LEGAL),
            pick(rng, PERMANENCE),
            pick(rng, PLACEMENTS),
            moves,
            (kid.dob < last - timedelta(days=14 * 365)) and rng.random() < 0.12,
        )

    def leaver(begin: date, end: date | None, kid: Kid) -> Episode:
        return Episode(
            begin,
            end,
            kid,
            county.team(kid, "leavers"),
            rng.choice(("Former relevant", "Former relevant", "Relevant", "Qualifying")),
            pick(rng, ACCOMMODATION),
            flag=rng.random() < 0.1,
        )

    def stock(
        make: Callable[[date, date | None, Kid], Episode],
        into: list[Episode],
        size: float,
        days: float,
        pick: Callable[[], Kid],
    ) -> None:
        """Episodes already open when the history begins."""
        for _ in range(round(size * scale)):
            age = _duration(rng, days, 1)
            left = _duration(rng, days, 1)
            end = start + timedelta(days=left)
            into.append(make(start - timedelta(days=age), end if end <= last else None, pick()))

    stock(cin_episode, h.cin, CIN_STOCK, CIN_DAYS, pick_cin)
    stock(cp_plan, h.cp, 330, CP_DAYS, pick_cp)
    stock(cla_period, h.cla, CLA_STOCK, CLA_DAYS, pick_cla)
    stock(leaver, h.leavers, LEAVER_STOCK, LEAVER_DAYS, pick_leaver)

    month_first = start
    index = 0
    while month_first <= last:
        month_last = month_end(month_first)
        back = (last.year - month_first.year) * 12 + last.month - month_first.month
        season = SEASON.get(month_first.month, 1.0)
        growth = 1 + 0.004 * index
        days = [month_first + timedelta(n) for n in range((month_last - month_first).days + 1)]
        workdays = cal.in_month(month_first, month_last)
        # Assessments in time: steady, then slipping month by month (the deliberate shift).
        on_time = 0.88 if back >= 11 else 0.88 - 0.022 * (11 - back)

        month_contacts = []
        for _ in range(_count(rng, CONTACTS * scale * season * growth)):
            day = rng.choice(workdays) if rng.random() < 0.85 else rng.choice(days)
            month_contacts.append((day, pick_young(), pick(rng, SOURCES)))
        h.contacts.extend(month_contacts)

        for _ in range(_count(rng, EARLY_HELP * scale * season)):
            begin = rng.choice(workdays)
            done = begin + timedelta(days=rng.randint(10, 70)) if rng.random() < 0.93 else None
            h.early_help.append((begin, done, pick_young(), pick(rng, EH_ORGS)))

        for _ in range(_count(rng, REFERRALS * scale * season * growth)):
            contact_day, kid, source = rng.choice(month_contacts or [(month_first, kids[0], "")])
            day = cal.add(contact_day, rng.choice((0, 0, 1, 1, 2)))
            kind = "front" if rng.random() < 0.35 else "Assessment"
            team = county.team(kid, kind)
            if rng.random() < 0.03:
                team = (UNKNOWN_TEAM, team[1])
            again = rng.random() < (0.22 - 0.003 * index)
            previous = rng.choice((1, 1, 1, 2, 3)) if again else 0
            nfa = rng.random() < 0.075
            h.referrals.append(Referral(day, kid, source, nfa, previous, team))
            if nfa or rng.random() > 0.9:
                continue
            begin = cal.add(day, rng.choice((0, 1, 1, 2, 3)))
            if rng.random() < on_time:
                took = rng.choices((0, rng.randint(1, 20), rng.randint(21, 45)), (2, 33, 65))[0]
            else:
                took = rng.randint(46, 95)
            authorised = cal.add(begin, took)
            support = rng.random() < 0.6
            assessment = Assessment(
                begin,
                authorised,
                kid,
                rng.random() < 0.95,
                support,
                county.team(kid, "Assessment"),
            )
            h.assessments.append(assessment)
            if rng.random() < 0.24:
                strategy = cal.add(begin, rng.randint(0, 8))
                icpc = None
                plan = False
                if rng.random() < 0.5:
                    icpc = cal.add(strategy, rng.randint(5, 15) if rng.random() < 0.82 else 0)
                    if icpc == strategy:
                        icpc = cal.add(strategy, rng.randint(16, 30))
                    plan = rng.random() < 0.86
                previous = rng.choices((0, 1, 2), (70, 24, 6))[0]
                s47_team = team if team[0] == UNKNOWN_TEAM else county.team(kid, "Assessment")
                h.enquiries.append(Enquiry(strategy, icpc, plan, previous, kid, s47_team))
                if icpc is not None and plan:
                    length = _duration(rng, CP_DAYS, 40)
                    ends_on = icpc + timedelta(days=length)
                    h.cp.append(cp_plan(icpc, ends_on if ends_on <= last else None, kid))
                    continue
            if support:
                length = _duration(rng, CIN_DAYS, 14)
                ends_on = authorised + timedelta(days=length)
                h.cin.append(cin_episode(authorised, ends_on if ends_on <= last else None, kid))

        for _ in range(_count(rng, CLA_ARRIVALS * scale * growth)):
            begin = rng.choice(days)
            ends_on = begin + timedelta(days=_duration(rng, CLA_DAYS, 3))
            h.cla.append(cla_period(begin, ends_on if ends_on <= last else None, pick_young()))

        for _ in range(_count(rng, LEAVER_STOCK / LEAVER_DAYS * 30.4 * scale)):
            begin = rng.choice(days)
            ends_on = begin + timedelta(days=_duration(rng, LEAVER_DAYS, 60))
            h.leavers.append(leaver(begin, ends_on if ends_on <= last else None, pick_leaver()))

        month_first = month_last + timedelta(days=1)
        index += 1
    # Adoption takes years from decision to order: its history begins earlier.
    month_first = months_back(ends[0], 30) + timedelta(days=1)
    while month_first <= last:
        month_last = month_end(month_first)
        workdays = cal.in_month(month_first, month_last)
        for _ in range(_count(rng, ADOPTION_DECISIONS * scale)):
            decision = rng.choice(workdays)
            kid = pick_baby()
            entered = decision - timedelta(days=rng.randint(60, 300))
            order = cal.add(decision, rng.randint(25, 110))
            matched: date | None = order + timedelta(days=rng.randint(60, 260))
            placed = matched + timedelta(days=rng.randint(7, 40)) if matched else None
            adopted = placed + timedelta(days=rng.randint(150, 320)) if placed else None
            stopped = None
            if rng.random() < 0.08:
                stopped = order + timedelta(days=rng.randint(30, 200))
                matched = placed = adopted = None
            ffa = entered + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.15 else None
            h.adoptions.append(
                Adoption(
                    kid,
                    f"F{len(h.adoptions) + 101}",
                    entered,
                    decision,
                    order,
                    matched,
                    placed,
                    adopted,
                    stopped,
                    ffa,
                )
            )
        month_first = month_last + timedelta(days=1)
    return h
