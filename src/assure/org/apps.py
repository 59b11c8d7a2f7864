from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "assure.org"
    label = "org"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assure.core.policy import register_access_resolver

        from . import policy  # noqa: F401  (registers the people and role policies)
        from .access import compute_access

        register_access_resolver(compute_access)
