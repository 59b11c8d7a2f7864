"""The phrases that recur in auditors' strengths and areas-for-development answers.

Plain n-gram counting, no language model and nothing to download: text is
lower-cased and split into words; two- and three-word runs that neither start
nor end with a stop word (and do not cross a sentence break) are counted once
per answer, so one long answer cannot make its own phrase "recur". A phrase
is kept when it appears in at least `min_answers` answers; a three-word
phrase hides the two-word phrases inside it when it is just as common.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_STOP_WORDS = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his
    how i if in into is it its itself just me more most my myself no nor not now of off
    on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves etc eg ie via per within without
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_SENTENCE = re.compile(r"[.!?;:\n()\[\]\"]+")
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


@dataclass(frozen=True)
class Phrase:
    text: str
    answers: int  # how many answers use it


def _grams(text: str, sizes: tuple[int, ...]) -> set[str]:
    found: set[str] = set()
    stop = STOP_WORDS
    for sentence in _SENTENCE.split(text.lower()):
        words = _WORD.findall(sentence)
        n = len(words)
        if n < 2:
            continue
        for i, first in enumerate(words):
            if first in stop:
                continue
            for size in sizes:
                end = i + size
                if end > n or words[end - 1] in stop:
                    continue
                found.add(" ".join(words[i:end]))
    return found


def recurring(
    texts: Iterable[str], *, top: int = 10, min_answers: int = 2, sizes: tuple[int, ...] = (2, 3)
) -> list[Phrase]:
    """The `top` phrases used in the most answers, most used first, then alphabetically."""
    counts: Counter[str] = Counter()
    for text in texts:
        if text:
            counts.update(_grams(text, sizes))
    kept = {g: n for g, n in counts.items() if n >= min_answers}
    # The most answers any kept three-word phrase containing each two-word phrase has.
    inside: dict[str, int] = {}
    for gram, n in kept.items():
        words = gram.split(" ")
        if len(words) == 3:
            for part in (" ".join(words[:2]), " ".join(words[1:])):
                inside[part] = max(inside.get(part, 0), n)
    for gram in [g for g in kept if g.count(" ") == 1]:
        if inside.get(gram, 0) >= kept[gram]:
            del kept[gram]
    ranked = sorted(kept.items(), key=lambda item: (-item[1], item[0]))
    return [Phrase(text=g, answers=n) for g, n in ranked[:top]]
