from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "assure.insight"
    label = "insight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The director's headline on the home page, and the report as a document kind.
        from . import panels, report_documents  # noqa: F401
