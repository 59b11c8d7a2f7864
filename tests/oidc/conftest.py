"""A real OpenID Connect provider for the sign-in tests, started once per test run.

The provider (django-oauth-toolkit in OIDC mode, tests/oidc/provider) runs in a
subprocess on 127.0.0.1 with an RS256 key generated here. Assure, in the test
process, sends the browser to its authorize endpoint, exchanges the code over
HTTP and checks the ID token against its JWKS: nothing on that path is mocked.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TENANT = "0b5c2f0e-8a4e-4d0b-9c1a-6f3e2d1c0b9a"
OTHER_TENANT = "d1e2f3a4-b5c6-4789-9abc-def012345678"
REDIRECT_URI = "http://testserver/oidc/callback/"


@dataclass
class Provider:
    base: str
    client_id: str
    client_secret: str
    claims_file: Path

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def person(self, **claims: Any) -> str:
        """Put a person in the provider's directory with these ID token claims; their name."""
        username = f"person-{uuid.uuid4().hex[:12]}"
        self.set_claims(username, {"tid": TENANT, "oid": str(uuid.uuid4()), **claims})
        return username

    def set_claims(self, username: str, claims: dict[str, Any]) -> None:
        people = json.loads(self.claims_file.read_text()) if self.claims_file.exists() else {}
        people[username] = claims
        self.claims_file.write_text(json.dumps(people))

    def claims(self, username: str) -> dict[str, Any]:
        return dict(json.loads(self.claims_file.read_text())[username])


def _rsa_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    folder = tmp_path_factory.mktemp("provider")
    client_id, client_secret = "assure-" + secrets.token_hex(8), secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.oidc.provider.settings",
        "PROVIDER_DATABASE": str(folder / "provider.sqlite3"),
        "PROVIDER_CLAIMS": str(folder / "claims.json"),
        "PROVIDER_RSA_PRIVATE_KEY": _rsa_key_pem(),
        "PROVIDER_CLIENT_ID": client_id,
        "PROVIDER_CLIENT_SECRET": client_secret,
        "PROVIDER_REDIRECT_URI": REDIRECT_URI,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc.provider.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line: list[str] = []
        reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()))  # type: ignore[union-attr]
        reader.start()
        reader.join(timeout=60)
        if not first_line or not first_line[0].startswith("port "):
            process.kill()
            raise RuntimeError(f"the test provider did not start: {process.stderr.read()}")  # type: ignore[union-attr]
        port = int(first_line[0].split()[1])
        yield Provider(f"http://127.0.0.1:{port}", client_id, client_secret, folder / "claims.json")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def entra(provider: Provider, settings: Any) -> Provider:
    """Assure configured to sign in with the test provider, as the Entra ID settings do."""
    # Not ASSURE_OIDC_ENABLED: Assure's own urls module reads it once, at import, and
    # would keep the Entra ID routes for every later test. tests/oidc/urls.py adds them.
    settings.ROOT_URLCONF = "tests.oidc.urls"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "assure.core.oidc.AssureOIDCBackend",
    ]
    settings.ASSURE_OIDC_TENANT_ID = TENANT
    settings.ASSURE_OIDC_ISSUER = provider.issuer
    settings.ASSURE_OIDC_GROUP_ROLES = ""
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.base}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.base}/o/token/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.base}/o/.well-known/jwks.json"
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_TIMEOUT = 10
    settings.OIDC_CREATE_USER = False
    settings.LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"
    settings.AXES_WHITELIST_CALLABLE = "assure.core.oidc.is_directory_sign_in"
    return provider


def sign_in(client: Client, provider: Provider, browser: requests.Session, username: str) -> Any:
    """The authorisation-code flow, as a browser follows it; Assure's answer to the callback.

    `client` is the browser at Assure, `browser` the same browser at the provider.
    """
    return client.get(callback_url(client, provider, browser, username))


def callback_url(
    client: Client, provider: Provider, browser: requests.Session, username: str
) -> str:
    """Where the provider sends the browser back to Assure, with the code and the state."""
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302, response
    location = response["Location"]
    assert location.startswith(f"{provider.base}/o/authorize/")
    for _ in range(6):
        if location.startswith("http://testserver/"):
            callback = urlsplit(location)
            return f"{callback.path}?{callback.query}"
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 302 and "/login/" in answer.headers["Location"]:
            login = urlsplit(answer.headers["Location"])
            next_url = dict(p.split("=", 1) for p in login.query.split("&"))["next"]
            answer = browser.post(
                f"{provider.base}/login/",
                data={"username": username, "next": requests.utils.unquote(next_url)},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code == 302, (answer.status_code, answer.text[:500])
        location = requests.compat.urljoin(location, answer.headers["Location"])
    raise AssertionError("the provider never sent the browser back to Assure")
