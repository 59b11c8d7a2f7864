"""Sign-in rules beyond Django's: demo accounts exist only in demo mode."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class AssureModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.ASSURE_DEMO:
            return False
        return super().user_can_authenticate(user)
