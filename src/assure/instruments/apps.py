from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "assure.instruments"
    label = "instruments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_publish_tools, sender=self)


def _publish_tools(sender: object, **kwargs: object) -> None:
    """Publish new tool versions after every migrate, so a new YAML file just works."""
    from .registry import tools_publish

    tools_publish()
