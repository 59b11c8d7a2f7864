from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("cases/", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("authority/", views.authority, name="authority"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("admin/", views.admin_home, name="admin-home"),
    path("admin/import/", views.admin_import, name="admin-import"),
    path("admin/people/<int:pk>/roles/", views.admin_person_roles, name="admin-person-roles"),
    path("admin/roles/<int:pk>/remove/", views.admin_role_remove, name="admin-role-remove"),
    path("admin/<str:entity>/", views.admin_list, name="admin-list"),
    path("admin/<str:entity>/new/", views.admin_edit, name="admin-create"),
    path("admin/<str:entity>/<int:pk>/", views.admin_edit, name="admin-edit"),
]
