"""Tests: SQLite in memory unless DATABASE_URL names PostgreSQL; fast hashing."""

import os

from .base import *  # noqa: F403
from .base import database_from_env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
ASSURE_DEMO = True
ASSURE_AUTHORITY_NAME = "Wealdshire County Council"
ASSURE_LA_CODE = "999"  # the fictional demo county
ASSURE_BENCHMARK_LA_CODE = "886"  # benchmarked as Kent, as the demo is (see local.py)
ASSURE_POPULATION_0_17 = 310000
DATABASES = {"default": database_from_env(os.environ.get("ASSURE_TEST_SQLITE", ":memory:"))}  # type: ignore[arg-type]
# Argon2 stays first in production; tests hash thousands of passwords.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ASSURE_BASE_URL = "http://127.0.0.1:8000"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Each test process keeps its drawn charts to itself (no files shared between runs).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts"},
}
