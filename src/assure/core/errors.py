"""Errors services raise that every front (pages, API, CLI) turns into a clear answer."""

from __future__ import annotations


class ConflictError(Exception):
    """The object changed since the caller read it (their version is stale)."""


class InvalidInput(Exception):
    """Input a service refuses, with a message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
