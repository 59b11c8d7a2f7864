from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "assure.programmes"
    label = "programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The record policies and the action source register with core on import.
        from django.urls import reverse

        from assure.actions.sources import register_source
        from assure.reports.document_jobs import document_kind_at

        from . import panels, policy  # noqa: F401

        document_kind_at("programme_pack", "assure.programmes.pack:build_pack")

        register_source(
            "programme",
            "QA programme",
            lambda source_id: reverse("programmes:detail", args=[int(source_id)]),
        )
