from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "assure.audits"
    label = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The record policies, the chases and the notes on an action's page register on import.
        from . import action_notes, chases, policy  # noqa: F401
