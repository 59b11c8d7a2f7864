from django.urls import path  # noqa: F401

app_name = "insight"

urlpatterns: list = []  # type: ignore[type-arg]
