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
EXCEPTIONS: dict[tuple[str, str], str] = {
    # The test world's audit answers are typed text that quotes the question's key
    # ("Answer to practice_comments: ..."): what a person wrote, shown as written.
    ("chairs/meetings/<int:meeting_id>/", "practice_comments"): "typed answer text",
    ("chairs/consistency/<int:check_id>/", "practice_comments"): "typed answer text",
    # The import form's hint (reviews/forms.py) names the CSV's column headings, which
    # must be typed exactly so; the page's table shows them as code. Mend in the form.
    ("chairs/import/", "meeting_id"): "column heading in a form hint",
    ("chairs/import/", "child_ref"): "column heading in a form hint",
}


def usernames() -> set[str]:
    """The test world's usernames are its role names ("qa_pdm"): a username is how a
    person signs in and the trail shows it as typed, so it is a name, not a value."""
    from django.contrib.auth import get_user_model

    return set(get_user_model().objects.values_list("username", flat=True))


def run_together_choices() -> set[str]:
    """Every stored choice of every model with its words run together ("Inprogress")."""
    from django.apps import apps

    found: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                for text in (str(value).replace("_", " "), str(label)):
                    words = text.split()
                    if len(words) > 1 and all(w.isalpha() for w in words):
                        joined = "".join(words)
                        found |= {joined.lower(), joined.capitalize()}
    return found


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


def stored_words(text: str, joined: frozenset[str] = frozenset()) -> set[str]:
    found = set(SNAKE.findall(text))
    found |= {w for w in RUN_TOGETHER.findall(text) if w not in ENGLISH}
    found |= {w for w in re.findall(r"\b[A-Za-z]+\b", text) if w in joined}
    return found


def in_context(text: str, words: set[str]) -> list[str]:
    """Where each word stands, so the failure says which template to mend."""
    flat = " ".join(text.split())
    found = []
    for word in sorted(words):
        at = flat.find(word)
        found.append(flat[max(0, at - 50) : at + len(word) + 30])
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


def test_a_choice_run_together_is_found(db: Any) -> None:
    joined = frozenset(run_together_choices())
    assert "Inprogress" in joined or "Notstarted" in joined
    some = sorted(joined)[0]
    assert stored_words(f"<p>Status: {some}</p>", joined) >= {some}


@pytest.mark.parametrize(("path", "pattern"), get_routes())
def test_pages_speak_in_words(samples: Samples, db: Any, path: str, pattern: URLPattern) -> None:
    url = build_url(pattern, samples.world)
    joined = frozenset(run_together_choices())
    allowed = usernames()
    failures = []
    for role in ROLES:
        client = Client()
        client.force_login(samples.world.user(role))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text = visible_text(response.content.decode())
        found = stored_words(text, joined) - allowed
        words = {w for w in found if (path, w) not in EXCEPTIONS}
        if words:
            failures.append(f"{url} as {role}: {sorted(words)} in {in_context(text, words)}")
    assert failures == [], "\n".join(failures)
