"""The claims each provider user's ID token carries, read from the file the tests write."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def directory() -> dict[str, dict[str, Any]]:
    path = Path(os.environ["PROVIDER_CLAIMS"])
    return json.loads(path.read_text()) if path.exists() else {}


class DirectoryClaimsValidator(OAuth2Validator):
    # Every claim goes into the ID token whatever the scope, as Entra ID puts tid and oid there.
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return directory().get(request.user.username, {})
