"""The shared kernel's records: the audit trail, notifications and API tokens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, router, transaction

from . import clock
from .fields import StampField


class AppendOnlyError(Exception):
    """Raised when anything tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail is append-only.")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """Chain the new events onto the trail's tail, then insert them (the demo's history)."""
        from .trail import chain

        events = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            chain(events, using=self.db)
            return super().bulk_create(events, *args, **kwargs)


class AuditEvent(models.Model):
    """Who did what, to what, when and from where.

    Append-only: the model refuses updates and deletes, and database triggers
    (migration 0003) refuse them for anyone who goes around the model.
    Tamper-evident: each event carries the SHA-256 of its own fields and of the
    previous event's hash (`core.trail.chain`), so `assure trail verify` finds
    an event changed or removed by someone who went around the triggers too.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        SIGN_OUT = "sign_out", "Signed out"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Removed"
        VIEW = "view", "Viewed"
        IMPORT = "import", "Imported"
        EXPORT = "export", "Exported"
        TOKEN = "token", "Issued an API token"

    # Set when the event is made, not when it is inserted: the hash covers it.
    at = models.DateTimeField(default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the trail outlives accounts; never cascade into it
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=60, blank=True)
    child_ref = models.CharField(max_length=40, blank=True, db_index=True)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    # Null only for events written before the chain existed, until migration 0006 chains them.
    prev_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # Sign-in limits count recent failures per username and per address.
            models.Index(
                fields=["action", "actor_username", "at"], name="core_trail_user_failures"
            ),
            models.Index(fields=["action", "ip_address", "at"], name="core_trail_addr_failures"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only.")
        from .trail import chain

        using = kwargs.get("using") or router.db_for_write(AuditEvent)
        with transaction.atomic(using=using, savepoint=False):
            chain([self], using=using)
            kwargs["force_insert"] = True
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The audit trail is append-only.")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=60, blank=True)
    created = StampField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def read(self) -> bool:
        return self.read_at is not None


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created = StampField(auto_now_add=True)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token for {self.user_id} until {self.expires:%Y-%m-%d}"


class ObjectGrant(models.Model):
    """One person given access to one record, beyond what their roles reach.

    A partner agency's member on one multi-agency audit, a guest on one thematic
    audit: they see that record (and what the record's policy says comes with
    it) and nothing else. A grant names its record by type and id, so core
    stays ignorant of the apps whose records it guards. Nobody grants one to
    themselves (`core.grants.grant_give`).
    """

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        MEMBER = "member", "Member"
        GUEST = "guest", "Guest"
        PARTNER = "partner", "Partner agency member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="object_grants"
    )
    object_type = models.CharField(max_length=60)  # the model's label, e.g. "programmes.programme"
    object_id = models.CharField(max_length=60)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = StampField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "object_type", "object_id"], name="one_grant_per_person_and_record"
            )
        ]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} on {self.object_type} {self.object_id}"


# Kept in its own module; imported here so that Django registers it with the app.
from .identities import ExternalIdentity  # noqa: E402, F401
