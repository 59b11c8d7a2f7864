from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assure.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The record policies, the chase, the home panels and the pack as a document kind
        # register with core and the reports toolkit on import.
        from . import chases, pack_documents, panels, policy  # noqa: F401
