"""Notifications reach people in the app at once and by email from a background task."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from assure.core.models import Notification
from assure.core.notifications import notification_send
from tests.conftest import World


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_after_the_change_commits(world: World) -> None:
    with transaction.atomic():
        notification_send(
            recipients=[world.user("practitioner")],
            kind="audit",
            text="An audit of your case was finalised",
            link="/cases/1/",
        )
        assert mail.outbox == []  # nothing leaves before the change is saved
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["practitioner@example.org"]
    assert "/cases/1/" in message.body and "REF-" not in message.body
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_tells_nobody(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_send(recipients=[world.user("practitioner")], kind="x", text="never")
        raise RuntimeError
    assert mail.outbox == [] and not Notification.objects.exists()


@pytest.mark.django_db
def test_notification_page_and_mark_read(world: World, client_for: Any) -> None:
    notification_send(recipients=[world.user("practitioner")], kind="x", text="Look at this")
    client = client_for("practitioner")
    assert "Look at this" in client.get("/").content.decode()
    client.post("/notifications/")
    assert Notification.objects.get().read


@pytest.mark.slow
def test_real_worker_sends_email_to_files(tmp_path: Path) -> None:
    """The database task backend and its worker process, as `make demo` runs them."""
    env_vars = {
        "ASSURE_ENV": "local",
        "ASSURE_VAR_DIR": str(tmp_path),
        "PYTHONPATH": "src",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    }
    import os

    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(env_vars)
    run = [sys.executable, "-m", "assure.cli"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=120)
    script = (
        "import django; from assure.config.settings.select import use_assure_settings;"
        "use_assure_settings(); django.setup();"
        "from django.db import transaction; from assure.org.models import User;"
        "from assure.core.notifications import notification_send;"
        "u = User.objects.create(username='w', email='w@example.org');"
        "notification_send(recipients=[u], kind='k', text='Queued for the worker')"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    subprocess.run(
        [*run, "db_worker", "--batch", "--interval", "0.1"], env=env, check=True, timeout=120
    )
    mails = list((tmp_path / "mail").glob("*.log"))
    assert len(mails) == 1
    # The email says a fixed sentence, never the notification's own text (which may name a case).
    sent = mails[0].read_text()
    assert "There is something new for you in Assure." in sent
    assert "Queued for the worker" not in sent


SECRETS = ("WS123456", "REF-OWN", "Jamie", "inadequate", "Inadequate")


@pytest.mark.django_db(transaction=True)
def test_emails_carry_no_child_details_whatever_the_text(world: World) -> None:
    from assure.core import trail
    from assure.core.models import AuditEvent

    case = world.cases["own"]
    trail.record(
        actor=None, action=AuditEvent.Action.VIEW, obj=case, child_ref="REF-OWN", summary="x"
    )
    notification_send(
        recipients=[world.user("practitioner")],
        kind="audit_finalised",
        text="The audit of WS123456 (Jamie) was graded Inadequate",
        link="/audits/7/",
        obj=case,
    )
    message = mail.outbox[0]
    for secret in SECRETS:
        assert secret not in message.subject and secret not in message.body
    assert message.subject == "Assure: An audit you took part in has been finalised"
    assert "An audit you took part in has been finalised." in message.body
    assert "http://127.0.0.1:8000/audits/7/" in message.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "link",
    ["/cases/WS123456/", "/cases/REF-OWN/", "/cases/ref-own/", "/search/?child=WS123456", "x"],
)
def test_a_link_that_could_name_a_child_becomes_the_notifications_page(
    world: World, link: str, settings: Any
) -> None:
    from assure.core import trail
    from assure.core.models import AuditEvent

    settings.ASSURE_BASE_URL = "https://assure.example.gov.uk"
    case = world.cases["own"]
    trail.record(
        actor=None, action=AuditEvent.Action.VIEW, obj=case, child_ref="REF-OWN", summary="x"
    )
    notification_send(
        recipients=[world.user("practitioner")], kind="action", text="t", link=link, obj=case
    )
    body = mail.outbox[0].body
    assert "https://assure.example.gov.uk/notifications/" in body
    for secret in SECRETS:
        assert secret.lower() not in body.lower()
