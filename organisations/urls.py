"""URLs of the organisation pages (full paths; the root includes them at "").

The public paths are the ones volunteering served before the pages moved here."""

from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("organisationen/neu/", views.register, name="register"),
    path(
        "organisationen/einladung/<str:token>/",
        views.accept_invitation,
        name="accept_invitation",
    ),
    path("organisationen/<slug:slug>/", views.detail, name="detail"),
    path("organisationen/<slug:slug>/angaben/", views.edit, name="edit"),
    path("organisationen/<slug:slug>/einladen/", views.invite, name="invite"),
    path("organisationen/<slug:slug>/teilnehmende.csv", views.export, name="export"),
]
