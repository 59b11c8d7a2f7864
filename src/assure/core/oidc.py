"""Sign-in with the council's Microsoft Entra ID (OpenID Connect).

Accounts are never created by signing in: an administrator adds staff (in the
pages or by CSV import) and gives them roles; Entra ID only proves who they
are. People are matched by email address, case-insensitively.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class AssureOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        email = (claims.get("email") or claims.get("preferred_username") or "").strip()
        users = get_user_model().objects.filter(is_active=True, is_demo=False)
        if not email:
            return users.none()
        return users.filter(email__iexact=email)

    def create_user(self, claims: dict[str, Any]) -> None:
        # Nobody gets an account just by holding a directory login.
        return None

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        return user
