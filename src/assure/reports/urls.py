from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<uuid:document>/", views.document, name="document"),
    path("<uuid:document>/file", views.document_download, name="document-file"),
]
