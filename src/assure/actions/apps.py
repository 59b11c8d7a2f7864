from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "assure.actions"
    label = "actions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Actions"

    def ready(self) -> None:
        # The home panel registers itself when the views module is imported.
        from . import views  # noqa: F401
