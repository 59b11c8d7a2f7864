"""One month end's Annex A extract, list by list, written as `List N.csv` files."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from assure.insight.indicators import window

from .calendar import Calendar
from .codes import ACTIVITIES, CEASED, GENDERS, LA_PLACEMENT, NEED_CODES, PROVIDERS, SPELLINGS, pick
from .county import Kid
from .events import History
from .headers import HEADERS


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _uk(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _serial(day: date | None) -> str:
    return str((day - date(1899, 12, 30)).days) if day else ""


def _upto(day: date | None, as_of: date) -> date | None:
    """A date as the extract at `as_of` knows it: blank if it has not happened yet."""
    return day if day is not None and day <= as_of else None


def _open_or_ended_since(start: date, end: date | None, as_of: date, since: date) -> bool:
    return start <= as_of and (end is None or end >= since)


class Extract:
    """One month end's Annex A, list by list, as rows of text."""

    def __init__(self, as_of: date, back: int, rng: random.Random, cal: Calendar) -> None:
        self.as_of = as_of
        self.back = back  # months before the latest extract
        self.since = window(as_of).start
        self.rng = rng
        self.cal = cal

    def age(self, kid: Kid) -> str:
        dob, d = kid.dob, self.as_of
        if dob > d:
            return ""
        return str(d.year - dob.year - ((d.month, d.day) < (dob.month, dob.day)))

    def child(self, kid: Kid, *, plain: bool = False, disability: bool = True) -> list[str]:
        gender = GENDERS[kid.gender][1 if plain else 0]
        cells = [kid.ref, gender, kid.ethnicity, _iso(kid.dob), self.age(kid)]
        if disability:
            cells.append(("Yes" if plain else "a) Yes") if kid.disabled else "b) No")
        return cells

    @staticmethod
    def team(team: tuple[str, str]) -> list[str]:
        return [SPELLINGS.get(team[0], team[0]), team[1]]

    def recent(self, anchor: date, within: int, p: float, late: int = 60) -> date:
        """A date at most `within` days before the as-of date with probability p."""
        days = (
            self.rng.randint(0, within)
            if self.rng.random() < p
            else self.rng.randint(within + 1, late)
        )
        return max(anchor, self.as_of - timedelta(days=days))

    def lists(self, h: History) -> dict[int, list[list[str]]]:
        """Each list's rows, in the column order of HEADERS."""
        d, since, rng = self.as_of, self.since, self.rng
        out: dict[int, list[list[str]]] = {}

        out[1] = [
            [*self.child(kid, plain=True, disability=False), _uk(day), source, kid.district]
            for day, kid, source in h.contacts
            if since <= day <= d
        ]
        out[2] = [
            [*self.child(kid, disability=False), _iso(begin), _iso(_upto(done, d)), org]
            for begin, done, kid, org in h.early_help
            if begin <= d and (begin >= since or done is None or done >= since)
        ]

        rows = []
        for n, r in enumerate(x for x in h.referrals if since <= x.day <= d):
            rows.append(
                [
                    *self.child(r.kid, disability=False),
                    _uk(r.day),
                    r.source,
                    "a) Yes" if r.nfa else "b) No",
                    "#N/A" if n == 17 else str(r.previous),
                    *self.team(r.team),
                ]
            )
        out[3] = rows

        rows = []
        for a in h.assessments:
            done = _upto(a.authorised, d)
            if a.start <= d and (a.start >= since or done is None or done >= since):
                rows.append(
                    [
                        *self.child(a.kid),
                        _iso(a.start),
                        "Yes" if a.seen else "No",
                        _iso(done),
                        ("a) Yes" if a.support else "b) No") if done else "",
                        *self.team(a.team),
                    ]
                )
        out[4] = rows

        rows = []
        for e in h.enquiries:
            icpc = _upto(e.icpc, d)
            if e.start <= d and (e.start >= since or (icpc is not None and icpc >= since)):
                decided = e.icpc is not None or e.start < d - timedelta(days=20)
                rows.append(
                    [
                        *self.child(e.kid),
                        _iso(e.start),
                        ("N" if e.icpc is not None else "Y") if decided else "",
                        _iso(icpc),
                        ("Y" if e.plan else "N") if icpc else "",
                        str(e.previous + 1),
                        str(min(e.previous, 1) + (1 if icpc else 0)),
                        *self.team(e.team),
                    ]
                )
        out[5] = rows

        rows = []
        for ep in h.cin:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            if end is None:
                status = "d) Open assessment" if ep.code == "N0" else "c) Child in need plan"
                seen = self.recent(ep.start, 28, 0.86)
            else:
                status = "e) Closed episode"
                seen = max(ep.start, end - timedelta(days=rng.randint(0, 30)))
            rows.append(
                [
                    *self.child(ep.kid),
                    _iso(ep.start),
                    ep.code,
                    _iso(seen),
                    _iso(end),
                    ep.other if end else "",
                    status,
                    *self.team(ep.team),
                ]
            )
        out[6] = rows

        visited = 0.72 if self.back == 4 else 0.93
        rows = []
        for ep in h.cp:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            anchor = end or d
            late = not end and rng.random() >= visited
            visit = max(
                ep.start,
                self.cal.add(anchor, -rng.randint(11, 25) if late else -rng.randint(0, 10)),
            )
            review = anchor - timedelta(days=rng.randint(0, 170))
            visit_text = _uk(visit) if rng.random() < 0.1 else _iso(visit)
            if not rows:
                visit_text = f"31/09/{d.year}"  # a day that does not exist: reported, left out
            rows.append(
                [
                    *self.child(ep.kid),
                    _iso(ep.start),
                    ep.code,
                    ep.extra,
                    visit_text,
                    "a) Yes" if rng.random() < 0.82 else "b) No",
                    _iso(review) if review > ep.start + timedelta(days=90) else "",
                    _iso(end),
                    "Y" if ep.flag else "N",
                    str(ep.number),
                    *self.team(ep.team),
                ]
            )
        out[7] = rows

        rows = []
        for ep in h.cla:
            if not _open_or_ended_since(ep.start, ep.end, d, since):
                continue
            end = _upto(ep.end, d)
            placed = max(ep.start, (end or d) - timedelta(days=rng.randint(0, 400)))
            missing = rng.choices((0, 1, 2, 5), (88, 7, 3, 2))[0]
            rows.append(
                [
                    *self.child(ep.kid),
                    "a) Yes" if ep.flag else "b) No",
                    _iso(ep.start),
                    pick(rng, NEED_CODES),
                    "b) No",
                    _iso(ep.start),
                    ep.code,
                    _iso(end) if end else _iso(self.recent(ep.start, 183, 0.93, 260)),
                    _iso(self.recent(ep.start, 42, 0.91, 90)),
                    ep.extra,
                    _iso(self.recent(ep.start, 90, 0.9, 150)),
                    _iso(self.recent(ep.start, 365, 0.89, 500)),
                    _serial(self.recent(ep.start, 365, 0.8, 600)),  # as Excel serial numbers
                    str(ep.number),
                    _iso(end),
                    pick(rng, CEASED) if end else "",
                    _iso(placed),
                    ep.other,
                    pick(rng, PROVIDERS),
                    "",
                    "",
                    "a) Inside LA boundary",
                    rng.choice(LA_PLACEMENT),
                    str(missing),
                    str(rng.choice((0, 0, 0, 1))),
                    ("a) Yes" if rng.random() < 0.8 else "b) No") if missing else "",
                    ("Yes" if rng.random() < 0.6 else "No") if missing else "",
                    *self.team(ep.team),
                ]
            )
        out[8] = rows

        in_touch = 0.94 if self.back < 7 else 0.87
        rows = []
        for ep in h.leavers:
            if not (ep.start <= d and (ep.end is None or ep.end > d)):
                continue
            touch = rng.random() < in_touch
            rows.append(
                [
                    *self.child(ep.kid),
                    "Y" if ep.flag else "N",
                    ep.team[1],
                    ep.code,
                    _iso(self.recent(ep.start, 180, 0.9, 300)),
                    rng.choice(("Yes", "a) Yes", "yes")) if touch else rng.choice(("No", "b) No")),
                    _iso(self.recent(ep.start, 56, 0.9, 200)) if touch else "",
                    ep.extra,
                    "a) Suitable" if rng.random() < 0.89 else "b) Unsuitable",
                    pick(rng, ACTIVITIES),
                    *self.team(ep.team),
                ]
            )
        out[9] = rows

        year_ago = d - timedelta(days=365)
        rows = []
        for ad in h.adoptions:
            finished = _upto(ad.adopted, d) or _upto(ad.stopped, d)
            if ad.decision > d or (finished is not None and finished < year_ago):
                continue
            stopped = _upto(ad.stopped, d)
            rows.append(
                [
                    *self.child(ad.kid),
                    ad.family,
                    _iso(ad.entered),
                    _iso(ad.decision),
                    _iso(_upto(ad.order, d)),
                    _iso(_upto(ad.matched, d)),
                    _iso(_upto(ad.placed, d)),
                    _iso(_upto(ad.adopted, d)),
                    _iso(stopped),
                    "Child's needs changed" if stopped else "",
                    _iso(_upto(ad.ffa, d)),
                ]
            )
        out[10] = rows
        return out


def write_extract(folder: Path, lists: dict[int, list[list[str]]]) -> Path:
    """One `List N.csv` a list, headers as HEADERS writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, rows in lists.items():
        with (folder / f"List {number}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS[number])
            writer.writerows(rows)
    return folder
