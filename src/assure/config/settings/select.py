"""Which settings module ASSURE_ENV names."""

import os

_MODULES = {
    "local": "assure.config.settings.local",
    "demo": "assure.config.settings.local",
    "production": "assure.config.settings.production",
    "test": "assure.config.settings.test",
}


def settings_module() -> str:
    env = os.environ.get("ASSURE_ENV", "local")
    try:
        return _MODULES[env]
    except KeyError:
        raise SystemExit(
            f"ASSURE_ENV={env!r} is not known; use one of: {', '.join(sorted(_MODULES))}"
        ) from None


def use_assure_settings() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
