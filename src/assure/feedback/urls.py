from django.urls import path

from . import public_views

app_name = "feedback"

urlpatterns = [
    path("", public_views.form, name="form"),
    path("thank-you/", public_views.thanks, name="thanks"),
]
