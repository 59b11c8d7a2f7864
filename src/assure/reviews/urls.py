from django.urls import path

from . import dashboard_views, manage_views, views

app_name = "reviews"

urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("meetings/new/", manage_views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/midway/", manage_views.midway_review, name="midway"),
    path("import/", manage_views.meeting_import, name="import"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert"),
    path("appreciations/", views.appreciation_list, name="appreciations"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(
        "dashboard/chart/<slug:chart_key>/", dashboard_views.dashboard_chart, name="dashboard-chart"
    ),
    path("pack/", dashboard_views.pack, name="pack"),
    path("consistency/", manage_views.chair_checks, name="checks"),
    path("consistency/<int:check_id>/", manage_views.chair_check, name="check"),
]
