"""Asking for a document as a page does, then taking the file once it is made."""

from __future__ import annotations

from typing import Any


def fetch_document(client: Any, capture: Any, url: str, query: dict[str, Any] | None = None) -> Any:
    """GET `url` (which queues a document), follow it to its page and download it.

    `capture` is pytest-django's django_capture_on_commit_callbacks: the document is
    queued after the request's transaction commits, and the test backend then builds
    it at once, as a worker would.
    """
    with capture(execute=True):
        asked = client.get(url, query or {})
    assert asked.status_code == 302, asked
    page = client.get(asked["Location"])
    assert page.status_code == 200
    assert "Your document is ready" in page.content.decode(), page.content.decode()[-2000:]
    file_url = asked["Location"] + "file"
    response = client.get(file_url)
    assert response.status_code == 200
    return response
