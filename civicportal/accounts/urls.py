"""URLs of „Mein Konto“ (mounted at ``konto/`` before allauth's)."""

from django.urls import path

from civicportal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("profil/", views.profile, name="profile"),
    path("beitraege/", views.contributions, name="contributions"),
    path("organisationen/", views.organisations, name="organisations"),
    path("organisationen/meine/", views.my_organisation, name="my_organisation"),
    path("kalender-link-erneuern/", views.renew_calendar, name="renew_calendar"),
]
