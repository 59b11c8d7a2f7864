from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "assure.audits"
    label = "audits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the audits' record policies)
