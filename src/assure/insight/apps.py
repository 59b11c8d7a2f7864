from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "assure.insight"
    label = "insight"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import panels  # noqa: F401  (registers the director's headline on the home page)
