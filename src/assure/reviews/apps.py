from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assure.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import pack_documents, policy  # noqa: F401  (register the record policies and
        # the pack as a document kind with core and the reports toolkit)
