"""Screenshots of each demo user's home page at 1280 and 390 pixels wide.

Loads the demo county into a throwaway var directory, serves it with gunicorn on
a free local port, signs in through the sign-in form as each demo user in the
system's Chromium (Debian's package, never a downloaded browser) and writes
`docs/screenshots/<user>-<width>.png`, the whole page. The README shows them.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from pages import HOST, Options, assure, child_environment, gunicorn  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

USERS = (
    "demo-practitioner",
    "demo-auditor",
    "demo-moderator",
    "demo-qa",
    "demo-chair",
    "demo-director",
    "demo-member",
    "demo-admin",
)
WIDTHS = (1280, 390)
PASSWORD = "demo-password-only"
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="assure-shots-"))
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        env = child_environment(var_dir, None, PASSWORD)
        assure(env, "migrate", "--noinput", "--verbosity", "0")
        assure(env, "demo", "load")
        assure(env, "collectstatic", "--noinput", "--verbosity", "0")
        opts = Options(
            seconds=1,
            warmup=0,
            clients=1,
            workers=2,
            threads=4,
            database_url=None,
            database_name="",
            password=PASSWORD,
            keep=False,
            strict=False,
        )
        with gunicorn(env, var_dir, opts) as port, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            for user in USERS:
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    page.goto(f"http://{HOST}:{port}/sign-in/")
                    page.get_by_label("Username").fill(user)
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{user.removeprefix('demo-')}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(f"  {target.relative_to(ROOT)}")
                    page.close()
            browser.close()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
