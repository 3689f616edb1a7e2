"""URLs of the funding part (the app's full paths; fixed paths before the slug)."""

from django.urls import path

from funding import case_views, views

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
    path(
        "foerderung/antraege/<int:pk>/eingangsbestaetigung.pdf",
        views.confirmation,
        name="confirmation",
    ),
    path(
        "foerderung/antraege/<int:pk>/bescheide/<int:number>.pdf",
        views.issued_letter,
        name="issued_letter",
    ),
    path(
        "foerderung/antraege/<int:pk>/mittelabruf/", views.payment_request, name="payment_request"
    ),
    path(
        "foerderung/antraege/<int:pk>/verwendungsnachweis/belege/",
        views.receipt_add,
        name="receipt_add",
    ),
    path("foerderung/sachbearbeitung/", case_views.case_queue, name="cases"),
    path("foerderung/sachbearbeitung/<int:pk>/", case_views.case_detail, name="case"),
    path(
        "foerderung/sachbearbeitung/<int:pk>/schritt/<slug:action>/",
        case_views.case_step,
        name="case_step",
    ),
    path(
        "foerderung/sachbearbeitung/<int:pk>/gutachter/",
        case_views.case_assign,
        name="case_assign",
    ),
    path("foerderung/sachbearbeitung/<int:pk>/aendern/", case_views.case_amend, name="case_amend"),
    path("foerderung/sachbearbeitung/<int:pk>/notiz/", case_views.case_note, name="case_note"),
    path(
        "foerderung/sachbearbeitung/<int:pk>/nachricht/",
        case_views.case_message,
        name="case_message",
    ),
    path(
        "foerderung/sachbearbeitung/<int:pk>/bescheid/",
        case_views.case_decision,
        name="case_decision",
    ),
    path(
        "foerderung/sachbearbeitung/<int:pk>/bescheid/entwurf.pdf",
        case_views.case_decision_preview,
        name="case_decision_preview",
    ),
    path(
        "foerderung/sachbearbeitung/<int:pk>/mittelabruf/<int:request_pk>/",
        case_views.case_pay_request,
        name="case_pay_request",
    ),
    path("foerderung/gefoerderte-projekte/", views.funded_list, name="funded"),
    path("foerderung/gefoerderte-projekte.csv", views.funded_csv, name="funded_csv"),
    path("foerderung/gutachten/", views.review_list, name="reviews"),
    path("foerderung/gutachten/<int:pk>/", views.review_form, name="review"),
    path("foerderung/gutachten/<int:pk>/befangen/", views.review_conflict, name="conflict"),
    path(
        "foerderung/gutachten/<int:pk>/nicht-befangen/",
        views.review_declare,
        name="review_declare",
    ),
    path("foerderung/<slug:slug>/", views.programme_detail, name="programme"),
    path("foerderung/<slug:slug>/<int:pk>/", views.call_detail, name="call"),
]
