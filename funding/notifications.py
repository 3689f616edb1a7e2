"""The notification kinds of the funding part (registered in ``FundingConfig.ready``).

The applicant's mails about status changes and proof-of-use reminders (``funding.emails``)
still go out through the funding part's own tasks; see docs/notifications.md.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import StaffMembership
from civicportal.core.notifications import Delivery, Kind, register, staff_of
from funding.formatting import euro
from funding.models import ApplicantMessage, Application, PaymentRequest, ReviewAssignment

FUNDING = _("Förderung")


def _officers(application: Application) -> list:
    return staff_of(
        application.call.programme.municipality_id, StaffMembership.Role.FUNDING_OFFICER
    )


def _application(application_id: int) -> Application | None:
    return (
        Application.objects.select_related("call__programme", "organisation")
        .filter(pk=application_id)
        .first()
    )


def _to_officers(application: Application | None, **context) -> Delivery | None:
    if application is None:
        return None
    return Delivery(
        recipients=_officers(application),
        context={"application": application, **context},
        subject_args={
            "reference": application.reference or application.title,
            "title": application.title,
        },
        path=reverse("funding:case", args=[application.pk]),
    )


def resolve_submitted(*, application_id: int) -> Delivery | None:
    """An application was submitted (or resubmitted): to the municipality's officers."""
    return _to_officers(_application(application_id))


def resolve_proof_submitted(*, application_id: int) -> Delivery | None:
    """A proof of use was submitted: to the municipality's officers."""
    return _to_officers(_application(application_id))


def resolve_conflict(*, assignment_id: int) -> Delivery | None:
    """A reviewer declared a conflict of interest: to the officers (to assign another)."""
    assignment = (
        ReviewAssignment.objects.select_related("reviewer")
        .filter(pk=assignment_id, conflict_of_interest=True)
        .first()
    )
    if assignment is None:
        return None
    return _to_officers(_application(assignment.application_id), assignment=assignment)


def resolve_assignment(*, assignment_id: int) -> Delivery | None:
    """An officer assigned an application for review: to the reviewer."""
    assignment = (
        ReviewAssignment.objects.select_related("reviewer", "application__call__programme")
        .filter(pk=assignment_id, conflict_of_interest=False)
        .first()
    )
    if assignment is None or assignment.reviewer is None:
        return None
    application = assignment.application
    return Delivery(
        recipients=[assignment.reviewer],
        context={"application": application, "assignment": assignment},
        subject_args={"reference": application.reference or application.title},
        path=reverse("funding:review", args=[assignment.pk]),
    )


def _applicants(application: Application) -> list:
    """The applying organisation's people: the author, else every active member."""
    if application.author_id and application.author.is_active:
        return [application.author]
    return [
        membership.user
        for membership in application.organisation.memberships.select_related("user")
        if membership.user.is_active
    ]


def resolve_message(*, message_id: int) -> Delivery | None:
    """The funding office wrote to the applicant (a message, never an internal note)."""
    message = (
        ApplicantMessage.objects.select_related(
            "application__author", "application__organisation", "application__call__programme"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return None
    application = message.application
    return Delivery(
        recipients=_applicants(application),
        context={"application": application, "message": message},
        subject_args={"reference": application.reference or application.title},
        path=application.get_absolute_url(),
    )


def resolve_payment_requested(*, request_id: int) -> Delivery | None:
    """An applicant asked for an instalment (Mittelabruf): to the officers."""
    request = PaymentRequest.objects.filter(pk=request_id).first()
    if request is None:
        return None
    return _to_officers(
        _application(request.application_id), request=request, amount=euro(request.amount)
    )


SUBMITTED = "funding.submitted"
MESSAGE = "funding.message"
PAYMENT_REQUESTED = "funding.payment_requested"
PROOF_SUBMITTED = "funding.proof_submitted"
CONFLICT = "funding.conflict"
ASSIGNMENT = "funding.assignment"

KINDS = [
    Kind(
        key=MESSAGE,
        label=_("Nachrichten des Förderreferats zu deinen Anträgen"),
        subject=_("Nachricht zu deinem Antrag %(reference)s"),
        text_template="funding/notifications/message.txt",
        resolve=resolve_message,
        group=FUNDING,
        switchable=False,  # part of the administrative procedure
    ),
    Kind(
        key=PAYMENT_REQUESTED,
        label=_("Mittelabrufe"),
        subject=_("Mittelabruf: %(reference)s"),
        text_template="funding/notifications/payment_requested.txt",
        resolve=resolve_payment_requested,
        group=FUNDING,
        staff=True,
    ),
    Kind(
        key=SUBMITTED,
        label=_("Neue Förderanträge"),
        subject=_("Antrag eingereicht: %(reference)s"),
        text_template="funding/notifications/submitted.txt",
        resolve=resolve_submitted,
        group=FUNDING,
        digest=True,
        staff=True,
    ),
    Kind(
        key=PROOF_SUBMITTED,
        label=_("Eingereichte Verwendungsnachweise"),
        subject=_("Verwendungsnachweis eingereicht: %(reference)s"),
        text_template="funding/notifications/proof_submitted.txt",
        resolve=resolve_proof_submitted,
        group=FUNDING,
        digest=True,
        staff=True,
    ),
    Kind(
        key=CONFLICT,
        label=_("Erklärte Befangenheit von Gutachter:innen"),
        subject=_("Befangenheit erklärt: %(reference)s"),
        text_template="funding/notifications/conflict.txt",
        resolve=resolve_conflict,
        group=FUNDING,
        switchable=False,  # the review stalls until an officer assigns someone else
        staff=True,
    ),
    Kind(
        key=ASSIGNMENT,
        label=_("Anträge, die du begutachten sollst"),
        subject=_("Bitte begutachten: %(reference)s"),
        text_template="funding/notifications/assignment.txt",
        resolve=resolve_assignment,
        group=FUNDING,
        switchable=False,  # a work assignment
        staff=True,
    ),
]


def register_kinds() -> None:
    register(*KINDS)
