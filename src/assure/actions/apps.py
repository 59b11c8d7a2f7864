from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "assure.actions"
    label = "actions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Actions"

    def ready(self) -> None:
        # The home panels and the chase register themselves when imported.
        from . import chases, panels  # noqa: F401
