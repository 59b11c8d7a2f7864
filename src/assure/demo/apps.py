from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county's loader and its `demo_load` command; it has no models."""

    name = "assure.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
