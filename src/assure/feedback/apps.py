from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "assure.feedback"
    label = "feedback"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Feedback"

    def ready(self) -> None:
        # The policy registers itself when imported.
        from . import policy  # noqa: F401
