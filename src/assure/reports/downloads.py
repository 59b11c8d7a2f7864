"""Files offered for download: a safe name and the headers that go with it.

A download's name often carries a district's or a team's name, typed by
someone in the authority. It is made safe here: no path separators, no
quotes, no control characters (a newline in a header would split it), and
a plain ASCII `filename` beside the exact UTF-8 `filename*` (RFC 6266), so
every browser saves the file under a name that cannot escape the folder.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\\"'`:;*?<>|%]+")


def safe_filename(name: str, *, default: str = "download") -> str:
    """`name` without path characters, quotes or control characters (at most 150 characters)."""
    text = _UNSAFE.sub("-", unicodedata.normalize("NFKC", name))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    return text[:150].strip(" .-") or default


def ascii_filename(name: str, *, default: str = "download") -> str:
    """The plain ASCII fallback: accents dropped, anything else a hyphen."""
    folded = unicodedata.normalize("NFKD", safe_filename(name, default=default))
    text = folded.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9._ ()-]+", "-", text)
    return safe_filename(text, default=default)


def content_disposition(filename: str) -> str:
    """`attachment; filename="..."`, with `filename*` when the name is not plain ASCII."""
    exact = safe_filename(filename)
    plain = ascii_filename(filename)
    header = f'attachment; filename="{plain}"'
    if exact != plain:
        header += f"; filename*=UTF-8''{quote(exact, safe='')}"
    return header


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """The response for a file: safe name, never sniffed, never cached on the way."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
