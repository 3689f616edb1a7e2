"""URLs of the funding part (the app's full paths; fixed paths before the slug)."""

from django.urls import path

from funding import views

app_name = "funding"
urlpatterns = [
    path("foerderung/", views.programme_list, name="programmes"),
    path("foerderung/antraege/", views.my_applications, name="my_applications"),
    path("foerderung/antraege/neu/<int:call_pk>/", views.application_create, name="apply"),
    path("foerderung/antraege/<int:pk>/", views.application_detail, name="application"),
    path(
        "foerderung/antraege/<int:pk>/bearbeiten/",
        views.application_edit,
        name="application_edit",
    ),
    path(
        "foerderung/antraege/<int:pk>/aktion/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("foerderung/antraege/<int:pk>/anlagen/", views.attachment_upload, name="attachments"),
    path(
        "foerderung/antraege/<int:pk>/anlagen/<int:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
    path("foerderung/antraege/<int:pk>/bescheid.pdf", views.decision_letter, name="letter"),
    path("foerderung/antraege/<int:pk>/verwendungsnachweis/", views.proof_form, name="proof"),
    path(
        "foerderung/antraege/<int:pk>/verwendungsnachweis/position/<int:line>/",
        views.proof_line_review,
        name="proof_line",
    ),
    path("foerderung/gefoerderte-projekte/", views.funded_list, name="funded"),
    path("foerderung/gefoerderte-projekte.csv", views.funded_csv, name="funded_csv"),
    path("foerderung/gutachten/", views.review_list, name="reviews"),
    path("foerderung/gutachten/<int:pk>/", views.review_form, name="review"),
    path("foerderung/gutachten/<int:pk>/befangen/", views.review_conflict, name="conflict"),
    path("foerderung/<slug:slug>/", views.programme_detail, name="programme"),
    path("foerderung/<slug:slug>/<int:pk>/", views.call_detail, name="call"),
]
