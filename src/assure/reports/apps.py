from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "assure.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .document_jobs import document_kind_at

        # Imported when the first one is made: it pulls in every app's report sections.
        document_kind_at("triannual", "assure.reports.triannual.jobs:build_triannual")
        document_kind_at("scheduled_report", "assure.reports.schedule.documents:build_scheduled")
