"""What the QA unit learns from the audit cycle, mounted at /audits/insight/."""

from django.urls import path

from . import dashboard_views as views
from .views import findings as checks_views

app_name = "audits_insight"

urlpatterns = [
    path("", views.home, name="home"),
    path("completion/", views.completion, name="completion"),
    path("grades/", views.grades, name="grades"),
    path("calibration/", views.calibration, name="calibration"),
    path("calibration/mine/", views.calibration_mine, name="calibration-mine"),
    path("text/", views.text, name="text"),
    path("action-checks/", checks_views.action_checks, name="action-checks"),
    path("inquiry-themes/", checks_views.inquiry_themes, name="inquiry-themes"),
]
