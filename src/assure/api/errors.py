"""The one error shape of the API, and the declaration of which errors an operation gives.

Every error answers `{"detail": ...}` (a sentence, or a field-to-message mapping for
bad input). The OpenAPI document lists every status an operation can give
(specs/contract.md), so each operation declares its errors with `errors(...)`:

- 400: bad input, the field named (a path or query value, a body, a service's refusal)
- 401: not signed in (every operation that needs a user)
- 403: not allowed; and every write from a session without its CSRF token
- 404: not found, or not visible to this user
- 409: the object changed since the caller read it (a write that sends a version)
- 429: too many failed sign-ins from this address
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: Any


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`{status: ErrorOut}` for each status given, to spread into a `response=` mapping."""
    return dict.fromkeys(statuses, ErrorOut)
