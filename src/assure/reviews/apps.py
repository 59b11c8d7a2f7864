from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assure.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import policy  # noqa: F401  (registers the app's record policies with core)
