from django.urls import path

from . import cards_views, insight_views, public_views, views

app_name = "feedback"

urlpatterns = [
    path("", public_views.form, name="form"),
    path("thank-you/", public_views.thanks, name="thanks"),
    path("received/", views.items, name="items"),
    path("received/new/", views.record, name="record"),
    path("received/<int:feedback_id>/", views.item, name="item"),
    path("received/<int:feedback_id>/themes/", views.themes, name="themes-set"),
    path("received/<int:feedback_id>/link/", views.link, name="link"),
    path("received/<int:feedback_id>/response/", views.respond, name="response"),
    path("themes/", insight_views.themes, name="themes"),
    path("audits/", insight_views.audits, name="audits"),
    path("challenge-cards/", cards_views.cards, name="cards"),
    path("challenge-cards/<int:feedback_id>/", cards_views.card, name="card"),
    path("challenge-cards/<int:feedback_id>/answer/", cards_views.card_answer, name="card-answer"),
    path("challenge-cards/<int:feedback_id>/put-to/", cards_views.card_put, name="card-put"),
]
