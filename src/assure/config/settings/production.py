"""Production: refuses to start unless the council has configured it properly."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ASSURE_BASE_URL, ASSURE_TRUSTED_PROXIES, SECRET_KEY, database_from_env

_UNSAFE_KEYS = {"", "local-only-not-secret", "test-only-not-secret", "change-me"}
if SECRET_KEY in _UNSAFE_KEYS or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "ASSURE_SECRET_KEY must be set to a random value of at least 50 characters "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not os.environ.get("ASSURE_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ASSURE_ALLOWED_HOSTS must name the host(s) Assure is served on.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL database.")
if not ASSURE_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "ASSURE_BASE_URL must be the address people open Assure at, e.g. "
        "https://assure.example.gov.uk (links in emails start with it)."
    )
for _proxy in ASSURE_TRUSTED_PROXIES.split(","):
    try:
        if _proxy.strip():
            ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"ASSURE_TRUSTED_PROXIES: {_proxy.strip()!r} is not an address or a CIDR range."
        ) from None

DATABASES = {"default": database_from_env(VAR_DIR)}  # type: ignore[name-defined]  # noqa: F405
ASSURE_DEMO = False  # demo sign-ins are never created or accepted here

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("ASSURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("ASSURE_SMTP_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ASSURE_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("ASSURE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ASSURE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("ASSURE_SMTP_TLS", "true").lower() != "false"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "charts": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "charts",
            "TIMEOUT": 30 * 24 * 3600,
        },
    }
