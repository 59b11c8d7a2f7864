from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assure.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The record policies, the chase and the home panels register with core on import.
        from assure.reports.document_jobs import document_kind_at

        from . import chases, panels, policy  # noqa: F401

        document_kind_at("district_pack", "assure.reviews.pack_documents:build_pack")
