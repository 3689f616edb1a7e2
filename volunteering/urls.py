"""URLs of the volunteering part (full paths; the root includes them at "")."""

from django.urls import path

from volunteering import views

app_name = "volunteering"
urlpatterns = [
    path("engagement/", views.opportunity_list, name="list"),
    path("engagement/fuer-mich/", views.matches, name="matches"),
    path("engagement/profil/", views.profile_edit, name="profile"),
    path("engagement/meine/", views.mine, name="mine"),
    path("engagement/meine/stunden/", views.hours_log, name="hours_log"),
    path("engagement/meine/nachweis/", views.certificate_issue, name="certificate_issue"),
    path(
        "engagement/meine/nachweis/<str:code>.pdf",
        views.certificate_download,
        name="certificate_pdf",
    ),
    path("engagement/nachweis/", views.certificate_verify, name="verify"),
    path(
        "engagement/nachweis/<str:code>/",
        views.certificate_verify_code,
        name="verify_certificate",
    ),
    path("engagement/kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("engagement/qualifizierung/", views.trainings, name="trainings"),
    path("engagement/beratung/", views.consultation, name="consultation"),
    path("engagement/beratung/<int:pk>/absagen/", views.booking_cancel, name="booking_cancel"),
    path("engagement/termine/<int:pk>/anmelden/", views.signup_create, name="signup"),
    path("engagement/termine/<int:pk>/aendern/", views.shift_edit, name="shift_edit"),
    path("engagement/termine/<int:pk>/absagen/", views.shift_cancel, name="shift_cancel"),
    path("engagement/anmeldungen/<int:pk>/absagen/", views.signup_cancel, name="signup_cancel"),
    path(
        "engagement/anmeldungen/<int:pk>/termin.ics",
        views.signup_calendar,
        name="signup_calendar",
    ),
    path(
        "engagement/anmeldungen/<int:pk>/anwesenheit/",
        views.signup_attendance,
        name="signup_attendance",
    ),
    path(
        "engagement/anmeldungen/<int:pk>/<str:decision>/",
        views.signup_decide,
        name="signup_decide",
    ),
    path("engagement/stunden/<int:pk>/", views.hours_decide, name="hours_decide"),
    path("engagement/<slug:slug>/", views.opportunity_detail, name="detail"),
    path("engagement/<slug:slug>/termine/", views.shift_create, name="shift_create"),
    path("engagement/<slug:slug>/bearbeiten/", views.opportunity_edit, name="opportunity_edit"),
    path(
        "engagement/<slug:slug>/nachricht/",
        views.participants_message,
        name="participants_message",
    ),
    path("engagement/<slug:slug>/schliessen/", views.opportunity_close, name="opportunity_close"),
    path(
        "engagement/<slug:slug>/veroeffentlichen/",
        views.opportunity_publish,
        name="opportunity_publish",
    ),
    path(
        "organisationen/<slug:slug>/neues-angebot/",
        views.opportunity_create,
        name="opportunity_create",
    ),
]
