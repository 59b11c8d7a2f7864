"""Gunicorn's hooks for Assure's web workers.

    gunicorn -c python:assure.config.gunicorn assure.config.wsgi --bind ... --workers 4

Command-line options still set the address, workers and threads; this file only
adds what each worker does once it has loaded Assure.
"""

from __future__ import annotations

from typing import Any

# Keep an idle connection open longer than whatever sits in front (nginx and most load
# balancers keep theirs 60 to 75 s). Gunicorn's own default, 2 s, closes connections the
# proxy or client still thinks open, and the request it sends on one just as it closes
# is reset ("Connection reset by peer": a failure no retry of Assure's would see).
keepalive = 90


def post_worker_init(worker: Any) -> None:
    """Start the chart-drawing engine now, so that no reader's first chart pays for it."""
    from assure.reports.charts import warm_up

    warm_up()
