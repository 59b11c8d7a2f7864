from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/administrator/", views.administrator_sign_in, name="sign-in-administrator"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("session/stay-signed-in/", views.stay_signed_in, name="stay-signed-in"),
    path("notifications/", views.notifications, name="notifications"),
    path("chase/", views.chase, name="chase"),
    path("audit-trail/", views.audit_trail, name="audit-trail"),
    path("account/tokens/", views.api_tokens, name="api-tokens"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
]
