from django.urls import path

from . import insight_views, public_views, views

app_name = "feedback"

urlpatterns = [
    path("", public_views.form, name="form"),
    path("thank-you/", public_views.thanks, name="thanks"),
    path("received/", views.items, name="items"),
    path("received/<int:feedback_id>/", views.item, name="item"),
    path("received/<int:feedback_id>/themes/", views.themes, name="themes-set"),
    path("received/<int:feedback_id>/link/", views.link, name="link"),
    path("received/<int:feedback_id>/response/", views.respond, name="response"),
    path("themes/", insight_views.themes, name="themes"),
    path("audits/", insight_views.audits, name="audits"),
]
