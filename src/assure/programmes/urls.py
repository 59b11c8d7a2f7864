from django.urls import path

from . import observe, plan_views, views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("coa-plan/", plan_views.coa_plan, name="coa-plan"),
    path("<int:programme_id>/", views.programme_detail, name="detail"),
    path("<int:programme_id>/members/", views.member_add, name="member-add"),
    path("<int:programme_id>/lines/", views.line_add, name="line-add"),
    path("<int:programme_id>/suggestions/", views.programme_suggestions, name="suggestions"),
    path("<int:programme_id>/sample/", views.sample_draw, name="sample"),
    path("<int:programme_id>/sample/audit/", views.sample_audit, name="sample-audit"),
    path("<int:programme_id>/findings/", views.finding_add, name="finding-add"),
    path("<int:programme_id>/actions/", views.action_add, name="action-add"),
    path("<int:programme_id>/status/", views.programme_status, name="status"),
    path("<int:programme_id>/publish/", views.programme_publish, name="publish"),
    path("<int:programme_id>/pack/", plan_views.programme_pack, name="pack"),
    path("<int:programme_id>/published/", views.published_findings, name="published"),
    path("<int:programme_id>/observations/new/", observe.observation_new, name="observation-new"),
    path("observations/<int:observation_id>/", observe.observation_answer, name="observation"),
]
