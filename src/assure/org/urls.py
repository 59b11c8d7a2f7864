from django.urls import path

from . import admin_views, role_views, views

app_name = "org"

urlpatterns = [
    path("cases/", views.cases, name="cases"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("authority/", views.authority, name="authority"),
    path("teams/", views.teams, name="teams"),
    path("teams/<int:team_id>/", views.team_detail, name="team"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("admin/", admin_views.admin_home, name="admin-home"),
    path("admin/import/", admin_views.admin_import, name="admin-import"),
    path("admin/people/<int:pk>/roles/", role_views.admin_person_roles, name="admin-person-roles"),
    path("admin/roles/<int:pk>/remove/", role_views.admin_role_remove, name="admin-role-remove"),
    path("admin/role-requests/", role_views.role_requests, name="role-requests"),
    path(
        "admin/role-requests/<int:pk>/decide/",
        role_views.role_request_decide,
        name="role-request-decide",
    ),
    path("admin/<str:entity>/", admin_views.admin_list, name="admin-list"),
    path("admin/<str:entity>/new/", admin_views.admin_edit, name="admin-create"),
    path("admin/<str:entity>/<int:pk>/", admin_views.admin_edit, name="admin-edit"),
]
