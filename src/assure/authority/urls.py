from django.urls import path

from . import views

app_name = "authority"

urlpatterns = [
    path("account/set-password/<str:token>/", views.set_password, name="set-password"),
    path("admin/authority/", views.authority_settings, name="settings"),
    path("admin/setup/", views.guide, name="guide"),
    path("admin/import/templates/<slug:kind>.csv", views.csv_template, name="csv-template"),
    path("admin/people/<int:person_id>/invite/", views.invite, name="invite"),
]
