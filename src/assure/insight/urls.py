from django.urls import path

from . import data_views, views

app_name = "insight"

urlpatterns = [
    path("", views.home, name="home"),
    path("glossary/", views.glossary, name="glossary"),
    path("benchmarks/", data_views.benchmarks, name="benchmarks"),
    path("export/indicators/", data_views.export_indicators, name="export-indicators"),
    path("export/benchmarks/", data_views.export_benchmarks, name="export-benchmarks"),
    path("upload/", data_views.upload, name="upload"),
    path("imports/<int:job_id>/", data_views.import_job, name="import-job"),
    path("imports/<int:job_id>/problems.csv", data_views.import_problems, name="import-problems"),
    path("teams/", data_views.team_mapping, name="team-mapping"),
    path("indicators/<slug:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "indicators/<slug:indicator_id>/teams/<int:team_id>/children/",
        views.indicator_children,
        name="indicator-children",
    ),
]
