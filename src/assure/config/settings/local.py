"""Local mode: no configuration at all, embedded defaults, demo sign-ins allowed."""

from .base import *  # noqa: F403
from .base import ASSURE_BASE_URL, ASSURE_LA_CODE, ASSURE_POPULATION_0_17, VAR_DIR

DEBUG = False
SECRET_KEY = "local-only-not-secret"  # noqa: S105 - local mode never faces the internet
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ASSURE_DEMO = True
ASSURE_AUTHORITY_NAME = "Wealdshire County Council"
# The fictional demo county, unless the environment names a real authority.
ASSURE_LA_CODE = ASSURE_LA_CODE or "999"
# 999 is in no DfE file, so the demonstration county is benchmarked as a real
# English shire county (Kent, 886) and the pages say so; a real code needs no stand-in.
ASSURE_BENCHMARK_LA_CODE = "886" if ASSURE_LA_CODE == "999" else None
ASSURE_POPULATION_0_17 = ASSURE_POPULATION_0_17 or 310000
EMAIL_FILE_PATH = VAR_DIR / "mail"
ASSURE_BASE_URL = ASSURE_BASE_URL or "http://127.0.0.1:8000"
