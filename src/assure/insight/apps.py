from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "assure.insight"
    label = "insight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import report_documents  # noqa: F401  (registers the report as a document kind)
