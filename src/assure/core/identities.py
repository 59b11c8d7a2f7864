"""Which directory identity is which Assure account.

A person in Microsoft Entra ID is named, for good, by the pair (tenant id,
object id): `tid` and `oid` in the ID token. Email addresses change and an
administrator can edit them, so an address only ever links an identity the
first time (see `core.oidc`); after that the pair alone finds the person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .fields import StampField


class ExternalIdentity(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    # GUIDs, kept lower-case so that one identity is one row whatever the provider's casing.
    tid = models.CharField("tenant id", max_length=64)
    oid = models.CharField("object id", max_length=64)
    linked = StampField(auto_now_add=True)

    objects: models.Manager[ExternalIdentity] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tid", "oid"], name="one_account_per_identity"),
            # A second directory identity must never take over an account already linked.
            models.UniqueConstraint(fields=["user", "tid"], name="one_identity_per_account_tenant"),
        ]

    def __str__(self) -> str:
        return f"{self.tid}/{self.oid}"
