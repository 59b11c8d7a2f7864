"""Settings shared by every environment.

Everything a council's security officer will ask about is set here, so that
local, demo and production differ only where they must (database, email,
secrets, cookies over TLS).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

SRC_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = SRC_DIR.parent if (SRC_DIR.parent / "pyproject.toml").exists() else Path.cwd()
VAR_DIR = Path(os.environ.get("ASSURE_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("ASSURE_SECRET_KEY", "")
ALLOWED_HOSTS: list[str] = [
    h.strip() for h in os.environ.get("ASSURE_ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "assure.core",
    "assure.org",
    "assure.instruments",
    "assure.actions",
    "assure.audits",
    "assure.reviews",
    "assure.insight",
    "assure.reports",
    "assure.authority",
    "assure.feedback",
    "assure.programmes",
    "assure.api",
    "assure.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "assure.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "assure.core.middleware.InactivityTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "assure.config.urls"
WSGI_APPLICATION = "assure.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assure.core.context_processors.assure",
                "assure.authority.context_processors.authority",
            ],
        },
    }
]


def database_from_env(default_sqlite: Path) -> dict[str, object]:
    """DATABASE_URL wins; otherwise the embedded SQLite file under var/."""
    url = os.environ.get("DATABASE_URL")
    if url:
        # Health checks: a connection kept from before a database restart is tested and
        # replaced at the start of the next request instead of failing it.
        config: dict[str, object] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
    else:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            # WAL lets the web server read while a worker writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    return config


DATABASES = {"default": database_from_env(VAR_DIR / "assure.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite cannot enforce "NULLs not distinct" on role assignments; PostgreSQL (production)
# does, and role_assign uses get_or_create, so the warning only repeats the known gap.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
AUTH_USER_MODEL = "org.User"

# argon2 first: new and re-hashed passwords use it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # These two come first so a paused sign-in is refused before any password check.
    "assure.core.auth.GuessLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "assure.core.auth.AssureModelBackend",
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:sign-in"

# Sign-in throttling (django-axes): five wrong passwords for one account from
# one address locks that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_LOCKOUT_CALLABLE = "assure.core.auth.lockout_response"  # JSON for the API, 429 always
AXES_CLIENT_IP_CALLABLE = "assure.core.middleware.client_ip"
AXES_VERBOSE = False
# Beyond the pair (core/auth.py): wrong passwords for one username from anywhere, and from
# one address over any usernames, counted in the trail over the last hour.
ASSURE_SIGN_IN_LIMIT_PER_USERNAME = int(os.environ.get("ASSURE_SIGN_IN_LIMIT_PER_USERNAME", "10"))
ASSURE_SIGN_IN_LIMIT_PER_ADDRESS = int(os.environ.get("ASSURE_SIGN_IN_LIMIT_PER_ADDRESS", "20"))
ASSURE_SIGN_IN_LIMIT_WINDOW_SECONDS = 60 * 60
# The reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For
# is believed, so the limits and the trail see the person's address (middleware.client_ip).
# Replaces ASSURE_TRUST_X_FORWARDED_FOR, which believed the header from anyone.
ASSURE_TRUSTED_PROXIES = os.environ.get("ASSURE_TRUSTED_PROXIES", "")

# Sessions end after 30 minutes without a request (see InactivityTimeoutMiddleware)
# and always when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
ASSURE_SESSION_REFRESH_SECONDS = 60

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script is a file served by Assure.
ASSURE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# A form whose security token is missing or old gets a page in Assure's words.
CSRF_FAILURE_VIEW = "assure.core.views.csrf_failure"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Drawn charts, shared by every web and task worker: a chart is drawn once for what it
# shows (reports/chart_store.py), never once per process. Production uses Redis when
# REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "charts": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "charts"),
        "TIMEOUT": 30 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
# Both are fallbacks: the authority's settings page chooses the sender and reply-to.
DEFAULT_FROM_EMAIL = os.environ.get("ASSURE_FROM_EMAIL", "assure@localhost")
ASSURE_REPLY_TO_EMAIL = os.environ.get("ASSURE_REPLY_TO_EMAIL", "")

ASSURE_AUTHORITY_NAME = os.environ.get("ASSURE_AUTHORITY_NAME", "Assure")
# Printed in the header of every Word and PDF document Assure produces.
ASSURE_PROTECTIVE_MARKING = os.environ.get("ASSURE_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE")
# Where people open Assure: links in emails start with it (required in production).
ASSURE_BASE_URL = os.environ.get("ASSURE_BASE_URL", "").strip().rstrip("/")
ASSURE_DEMO = False
ASSURE_DEMO_PASSWORD = os.environ.get("ASSURE_DEMO_PASSWORD", "demo-password-only")
# How long an API token lives (tokens also end when their owner's password changes).
ASSURE_API_TOKEN_DAYS = int(os.environ.get("ASSURE_API_TOKEN_DAYS", "30"))
# Working days each stage of a practice alert has to respond: a number, or {stage: days}.
ASSURE_ALERT_RESPONSE_WORKING_DAYS = int(os.environ.get("ASSURE_ALERT_RESPONSE_WORKING_DAYS", "5"))
# The authority's DfE code (old LA code, e.g. "886") and its 0-17 population,
# for Annex A indicators at level la, rates per 10,000 and benchmarks.
ASSURE_LA_CODE = os.environ.get("ASSURE_LA_CODE") or None
ASSURE_POPULATION_0_17 = (
    int(os.environ["ASSURE_POPULATION_0_17"]) if os.environ.get("ASSURE_POPULATION_0_17") else None
)

# Microsoft Entra ID (OpenID Connect) sign-in, switched on by its variables (README, ADR 0012).
ASSURE_OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if ASSURE_OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("assure.core.oidc.AssureOIDCBackend")
    # The council's tenant: the only one whose people may sign in.
    ASSURE_OIDC_TENANT_ID = os.environ["ASSURE_OIDC_TENANT_ID"].strip().lower()
    # "<group object id>=<role key>,...": roles a directory group brings (never child-level ones).
    ASSURE_OIDC_GROUP_ROLES = os.environ.get("ASSURE_OIDC_GROUP_ROLES", "")
    _entra = f"https://login.microsoftonline.com/{ASSURE_OIDC_TENANT_ID}"
    ASSURE_OIDC_ISSUER = os.environ.get("ASSURE_OIDC_ISSUER", f"{_entra}/v2.0")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
        "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_entra}/oauth2/v2.0/authorize"
    )
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", f"{_entra}/oauth2/v2.0/token")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", f"{_entra}/discovery/v2.0/keys")
    OIDC_OP_USER_ENDPOINT = ""  # unused: the claims come from the signed ID token
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    OIDC_CREATE_USER = False
    OIDC_AUTHENTICATE_CLASS = "assure.core.oidc.AssureOIDCAuthenticateView"
    OIDC_CALLBACK_CLASS = "assure.core.oidc.AssureOIDCCallbackView"
    LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"
    # Entra ID throttles its own sign-ins; a refused one carries no username, and
    # counting it against the proxy's address would lock everyone behind it out.
    AXES_WHITELIST_CALLABLE = "assure.core.oidc.is_directory_sign_in"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"assure": {"level": "INFO"}, "django_tasks_db": {"level": "INFO"}},
}
