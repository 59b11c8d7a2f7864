from django.urls import path

from . import views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("moderation/", views.moderation_list, name="moderation"),
    path("cycles/", views.cycle_list, name="cycles"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("first-cycle/", views.first_cycle_start, name="first-cycle"),
    path("first-cycle/cycle/", views.first_cycle_create, name="first-cycle-create"),
    path("first-cycle/<int:cycle_id>/sample/", views.first_cycle_sample, name="first-cycle-sample"),
    path(
        "first-cycle/samples/<int:sample_id>/allocate/",
        views.first_cycle_allocate,
        name="first-cycle-allocate",
    ),
    path("calendar/new/", views.calendar_edit, name="calendar-new"),
    path("calendar/<int:entry_id>/", views.calendar_edit, name="calendar-edit"),
    path("samples/<int:sample_id>/", views.sample_detail, name="sample"),
    path("samples/items/<int:item_id>/swap/", views.sample_swap, name="sample-swap"),
    path("inquiries/", views.inquiry_list, name="inquiries"),
    path("inquiries/new/", views.inquiry_new, name="inquiry-new"),
    path("<int:audit_id>/", views.audit_detail, name="detail"),
    path("<int:audit_id>/answer/", views.audit_answer, name="answer"),
    path("<int:audit_id>/moderate/", views.audit_moderate, name="moderate"),
    path("<int:audit_id>/actions/new/", views.audit_action_new, name="action-new"),
    path("<int:audit_id>/finalise/", views.audit_finalise, name="finalise"),
    path("<int:audit_id>/reallocate/", views.audit_reallocate, name="reallocate"),
    path("<int:audit_id>/document.<str:fmt>", views.audit_document, name="document"),
]
