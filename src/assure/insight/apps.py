from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "assure.insight"
    label = "insight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The director's headline on the home page; the report as a document kind.
        from assure.reports.document_jobs import document_kind_at

        from . import panels  # noqa: F401

        document_kind_at("annex_a_report", "assure.insight.report_documents:build_report")
