"""Local mode: no configuration at all, embedded defaults, demo sign-ins allowed."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
SECRET_KEY = "local-only-not-secret"  # noqa: S105 - local mode never faces the internet
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ASSURE_DEMO = True
ASSURE_AUTHORITY_NAME = "Wealdshire County Council"
EMAIL_FILE_PATH = VAR_DIR / "mail"
