"""Assure's pages with the Entra ID routes, as the settings give them when sign-in is on."""

from django.urls import include, path

from assure.core.oidc import AssureOIDCAuthenticateView, AssureOIDCCallbackView

urlpatterns = [
    path("oidc/callback/", AssureOIDCCallbackView.as_view(), name="oidc_authentication_callback"),
    path(
        "oidc/authenticate/",
        AssureOIDCAuthenticateView.as_view(),
        name="oidc_authentication_init",
    ),
    path("", include("assure.config.urls")),
]
