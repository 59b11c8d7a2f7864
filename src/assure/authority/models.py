"""The authority's own settings, and invitations to set a password."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from assure.core.fields import StampField

SIGN_IN = [
    ("local", "Local accounts only"),
    ("entra", "Microsoft Entra ID only"),
    ("both", "Microsoft Entra ID and local accounts"),
]
LA_CODE = RegexValidator(r"^\d{3}$", "A DfE local authority code is three digits, e.g. 886.")


class AuthoritySettings(models.Model):
    """One row: who this Assure belongs to. `assure setup` creates it; the settings page edits it.

    Until it exists, the deployment's environment (ASSURE_AUTHORITY_NAME,
    ASSURE_LA_CODE) speaks for the authority, which is how the demo runs.
    """

    name = models.CharField(max_length=200)
    la_code = models.CharField("DfE local authority code", max_length=3, validators=[LA_CODE])
    protective_marking = models.CharField(max_length=60, default="OFFICIAL-SENSITIVE")
    # Each of the settings below is empty until set here; while empty, the
    # deployment's environment (or Assure's default) still answers.
    alert_response_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # ISO dates, one a line: the council's own closure days, beyond England's bank holidays.
    closure_days = models.TextField(blank=True, default="")
    first_cycle_year = models.PositiveIntegerField(null=True, blank=True)
    first_cycle_number = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(1, "T1"), (2, "T2"), (3, "T3")]
    )
    first_cycle_starts_on = models.DateField(null=True, blank=True)
    sign_in_methods = models.CharField(max_length=10, blank=True, default="", choices=SIGN_IN)
    sender_email = models.EmailField(blank=True, default="")
    reply_to_email = models.EmailField(blank=True, default="")
    set_up_at = StampField(auto_now_add=True)
    set_up_by = models.CharField(max_length=150)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "authority settings"
        verbose_name_plural = "authority settings"

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """A one-time link to set a password. Only the token's SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created = StampField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    expires = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"invitation for {self.user_id} until {self.expires:%Y-%m-%d %H:%M}"
