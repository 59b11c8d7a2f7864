"""Setting up an authority: where the setup guide stands (administrators)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema

from assure.authority.guide import setup_steps
from assure.core.policy import require_perm
from assure.core.roles import Perm

from .errors import errors
from .urls import api


class StepOut(Schema):
    key: str
    title: str
    done: bool


class SetupOut(Schema):
    steps: list[StepOut]


@api.get(
    "/setup",
    response={200: SetupOut, **errors(401, 403)},
    tags=["setting up"],
)
def setup(request: HttpRequest) -> dict[str, Any]:
    """The setup guide's steps, in order, each done or not (read from the database)."""
    require_perm(request.user, Perm.MANAGE_STRUCTURE)
    return {"steps": [{"key": s.key, "title": s.title, "done": s.done} for s in setup_steps()]}
