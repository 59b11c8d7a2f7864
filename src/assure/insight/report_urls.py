"""The visual report, trends and "what changed", mounted at /insight/report/."""

from django.urls import path

from . import report_views as views

app_name = "insight_report"

urlpatterns = [
    path("", views.index, name="index"),
    path("trends/", views.trends, name="trends"),
    path("trends/<slug:indicator_id>/", views.trend, name="trend"),
    path("trends/<slug:indicator_id>/chart.svg", views.trend_chart, name="trend-chart"),
    path("changes/", views.changes, name="changes"),
    path("snapshot/<int:snapshot_id>/", views.snapshot, name="snapshot"),
    path(
        "snapshot/<int:snapshot_id>/charts/<slug:chart>.svg",
        views.snapshot_chart,
        name="snapshot-chart",
    ),
    path("snapshot/<int:snapshot_id>/report.pdf", views.snapshot_pdf, name="snapshot-pdf"),
    path("snapshot/<int:snapshot_id>/report.docx", views.snapshot_docx, name="snapshot-docx"),
]
