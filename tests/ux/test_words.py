"""Every page speaks in words people use, never in stored values.

Signs in as each role of the test world, opens every page the URL walk knows
and reads the visible text only (no tags, scripts, styles, attribute values,
`<code>` or `<pre>`): a snake_case word ("in_progress") or a label run
together ("Draftsaved", "Inprogress") is a stored value that reached a person.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern

from assure.core.roles import ROLES
from tests.test_url_walk import SLOW_ROUTES
from tests.walks.samples import Samples, build_url, site_patterns

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# Two words of a label with the space lost: a lower-case letter run straight into
# a word that only ever follows another ("Draftsaved", "Inprogress").
RUN_TOGETHER = re.compile(
    r"\b(?:[A-Z][a-z]+(?:saved|progress|review|submitted|moderation|returned|closed|open)"
    r"|In(?:progress|review))\b"
)
# Words that look like the above but are English.
ENGLISH = {"Unsaved", "Preview", "Overview", "Reopen", "Interview", "Reclosed"}

# Text that is not ours to word, each with why: (route, word) -> reason.
EXCEPTIONS: dict[tuple[str, str], str] = {}

SKIPPED_TAGS = {"script", "style", "code", "pre", "textarea"}


class VisibleText(HTMLParser):
    """The text a reader sees: data outside script, style, code and pre."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in SKIPPED_TAGS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def stored_words(text: str) -> set[str]:
    found = set(SNAKE.findall(text))
    found |= {w for w in RUN_TOGETHER.findall(text) if w not in ENGLISH}
    return found


def get_routes() -> list[Any]:
    return [
        pytest.param(path, pattern, id=path or "home")
        for path, pattern in site_patterns()
        if path not in SLOW_ROUTES
    ]


def test_the_reader_finds_stored_values_and_ignores_markup() -> None:
    html = (
        '<p class="snake_case_class" data-x="in_progress">Draftsaved and in_review</p>'
        "<code>old_la_code</code><pre>a_b</pre><script>var x_y = 1;</script>"
        "<p>Preview the Overview</p>"
    )
    assert stored_words(visible_text(html)) == {"Draftsaved", "in_review"}


@pytest.mark.parametrize(("path", "pattern"), get_routes())
def test_pages_speak_in_words(samples: Samples, db: Any, path: str, pattern: URLPattern) -> None:
    url = build_url(pattern, samples.world)
    failures = []
    for role in ROLES:
        client = Client()
        client.force_login(samples.world.user(role))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        words = stored_words(visible_text(response.content.decode()))
        words = {w for w in words if (path, w) not in EXCEPTIONS}
        if words:
            failures.append(f"{url} as {role}: {sorted(words)}")
    assert failures == [], "\n".join(failures)
