"""The reports pages: the reporting schedule and the triannual report (under /reports/)."""

from django.urls import path

from .schedule import views as schedule_views
from .triannual import views as triannual_views

app_name = "report_pages"

urlpatterns = [
    path("", schedule_views.schedule, name="schedule"),
    path("add/", schedule_views.schedule_add, name="schedule-add"),
    path("triannual/", triannual_views.triannual, name="triannual"),
    path("triannual/<str:period_key>/", triannual_views.edition, name="edition"),
    path("<slug:report_key>/", schedule_views.schedule_make, name="schedule-make"),
]
