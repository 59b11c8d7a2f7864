from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    """The council running this Assure: its settings, first administrator and invitations."""

    name = "assure.authority"
    label = "authority"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from assure.core import site

        from . import (
            panels,  # noqa: F401 - registers the setup guide's home panel
            settings_reader,
        )

        site.register(sign_in=settings_reader.sign_in_methods, mail=settings_reader.mail_identity)
