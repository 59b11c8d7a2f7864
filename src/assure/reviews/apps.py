from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "assure.reviews"
    label = "reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The record policies, the chase and the home panels register with core on import.
        from . import chases, panels, policy  # noqa: F401
