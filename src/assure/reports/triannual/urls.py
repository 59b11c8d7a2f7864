from django.urls import path

from . import views

app_name = "reports_triannual"

urlpatterns = [
    path("triannual/", views.triannual, name="request"),
]
