"""HTTP API v1 (specs/contract.md). Thin: it calls selectors and services only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from assure.core.errors import ConflictError, InvalidInput
from assure.core.tokens import api_token_issue, api_token_revoke, token_for

from .errors import errors


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = token_for(token)
        if row is None:
            return None
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]  # the token DELETE revokes
        return row.user


class SessionCookie(APIKeyCookie):
    """The browser's session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api = NinjaAPI(
    title="Assure API",
    version="1",
    description="Quality assurance for children's services. See the README for the contract.",
    urls_namespace="api",
    docs_url=None,  # the interactive docs load scripts from a CDN; councils block them
    auth=[BearerToken(), SessionCookie(csrf=True)],
)


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "Sign in, or send Authorization: Bearer TOKEN.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, str(exc) or "You do not have permission to do this.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 409, str(exc) or "It changed since you read it. Fetch it again.")


@api.exception_handler(InvalidInput)
def _invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, InvalidInput)
    return _error(request, 400, exc.errors)


@api.exception_handler(ValidationError)
def _django_invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, ValidationError)
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return _error(request, 400, detail)


@api.exception_handler(NinjaValidationError)
def _schema_invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    assert isinstance(exc, NinjaValidationError)
    errors = {
        ".".join(str(p) for p in e.get("loc", []) if p not in ("body", "payload")) or "body": e.get(
            "msg", "invalid"
        )
        for e in exc.errors
    }
    return _error(request, 400, errors)


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@api.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, **errors(400, 401, 429)},
    tags=["auth"],
)
def token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    """Exchange a local account's username and password for a bearer token.

    The token lives ASSURE_API_TOKEN_DAYS days (30 unless the council says otherwise),
    until it is revoked, or until its owner's password changes. Too many wrong
    passwords answer 429 for a while, even with the right one.
    """
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise AuthenticationError
    return {"token": api_token_issue(user=user)}


@api.delete(
    "/auth/token",
    auth=[BearerToken()],
    response={204: None, **errors(401)},
    tags=["auth"],
)
def token_revoke(request: HttpRequest) -> tuple[int, None]:
    """Revoke the bearer token this request was sent with; it stops working at once."""
    api_token_revoke(user=request.user, token_id=request.api_token.pk)  # type: ignore[attr-defined]
    return 204, None


# Importing these modules registers their endpoints on `api`.
from assure.api import (  # noqa: E402, F401
    audits,
    cases,
    cycles,
    feedback,
    insight,
    me,
    programmes,
    reviews,
    schedule,
    setup,
    tasks,
)
