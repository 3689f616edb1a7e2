"""URLs of the initiatives part (full paths; the root includes them at "")."""

from django.urls import path

from initiatives import feeds, views

app_name = "initiatives"
urlpatterns = [
    path("initiativen/", views.initiative_list, name="list"),
    path("initiativen/neuigkeiten.atom", feeds.UpdatesFeed(), name="feed"),
    path("benachrichtigungen/abbestellen/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "benachrichtigungen/idee-abbestellen/<str:token>/",
        views.idea_unsubscribe,
        name="idea_unsubscribe",
    ),
    # before "<slug>": the slug "gefolgt" is reserved (Initiative.clean)
    path("initiativen/gefolgt/", views.following, name="following"),
    path("initiativen/<slug:slug>/", views.initiative_detail, name="detail"),
    path("initiativen/<slug:slug>/folgen/", views.follow, name="follow"),
    path("initiativen/<slug:slug>/nicht-mehr-folgen/", views.unfollow, name="unfollow"),
    path(
        "initiativen/<slug:slug>/neuigkeiten.atom",
        feeds.InitiativeUpdatesFeed(),
        name="initiative_feed",
    ),
    path("initiativen/<slug:slug>/termine.ics", views.initiative_ics, name="initiative_ics"),
    path("initiativen/<slug:slug>/neuigkeiten/<int:pk>/", views.update_detail, name="update"),
    path("initiativen/<slug:slug>/ideen/", views.idea_list, name="ideas"),
    path("initiativen/<slug:slug>/ideen/neu/", views.idea_create, name="idea_create"),
    path("initiativen/<slug:slug>/ideen/<int:pk>/", views.idea_detail, name="idea"),
    path("initiativen/<slug:slug>/ideen/<int:pk>/bearbeiten/", views.idea_edit, name="idea_edit"),
    path(
        "initiativen/<slug:slug>/ideen/<int:pk>/zurueckziehen/",
        views.idea_withdraw,
        name="idea_withdraw",
    ),
    path(
        "initiativen/<slug:slug>/kommentare/<int:pk>/bearbeiten/",
        views.comment_edit,
        name="comment_edit",
    ),
    path(
        "initiativen/<slug:slug>/kommentare/<int:pk>/loeschen/",
        views.comment_delete,
        name="comment_delete",
    ),
    path(
        "initiativen/<slug:slug>/ideen/<int:pk>/kommentieren/",
        views.comment_create,
        name="comment_create",
    ),
    path(
        "initiativen/<slug:slug>/ideen/<int:pk>/unterstuetzen/",
        views.idea_support,
        name="idea_support",
    ),
    path(
        "initiativen/<slug:slug>/ideen/<int:pk>/unterstuetzung-zuruecknehmen/",
        views.idea_unsupport,
        name="idea_unsupport",
    ),
    path(
        "initiativen/<slug:slug>/ideen/<int:pk>/antworten/", views.idea_answer, name="idea_answer"
    ),
    path("initiativen/<slug:slug>/<str:kind>/<int:pk>/melden/", views.report, name="report"),
    path(
        "initiativen/<slug:slug>/<str:kind>/<int:pk>/moderieren/",
        views.moderate,
        name="moderate",
    ),
    path("termine/", views.event_list, name="events"),
    path("termine.ics", views.events_ics, name="events_ics"),
    path("termine/<int:pk>/", views.event_detail, name="event"),
    path("termine/<int:pk>/termin.ics", views.event_ics, name="event_ics"),
]
