from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("oversee/", views.oversee, name="oversee"),
    path("completion/", views.completion, name="completion"),
    path("new/", views.create, name="create"),
    path("<int:action_id>/", views.detail, name="detail"),
    path("<int:action_id>/status/", views.change_status, name="status"),
    path("<int:action_id>/evidence/", views.add_evidence, name="evidence"),
    path("<int:action_id>/reassign/", views.reassign, name="reassign"),
    path("<int:action_id>/due-date/", views.change_due, name="due-date"),
]
