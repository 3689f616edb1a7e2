"""The notification kinds of the funding part (registered in ``FundingConfig.ready``).

Every funding mail goes through the portal's one mechanism (``civicportal.core.
notifications``): the applicant's mail on each status change (``funding.status``, with the
amounts), messages of the funding office, proof-of-use reminders, and the staff kinds.
Texts are rendered in the recipient's language, dates and amounts formatted in it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import StaffMembership
from civicportal.core.notifications import Delivery, Kind, register, staff_of
from funding.formatting import euro
from funding.models import (
    APPLICANT_STATUS,
    ZERO,
    ApplicantMessage,
    Application,
    PaymentRequest,
    ProofReminder,
    ReviewAssignment,
    Status,
    StatusChange,
)

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
    application = _application(application_id)
    if application is None:
        return None
    return _to_officers(application)


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
    return _to_officers(_application(request.application_id), request=request)


# One plain sentence per new status, as the applicant sees it (amounts filled in the
# recipient's language when the mail is rendered).
STATUS_SENTENCES = {
    Status.SUBMITTED: _(
        "Dein Antrag ist bei uns eingegangen. Das Aktenzeichen lautet %(reference)s. "
        "Beantragt hast du %(requested)s. Wir prüfen ihn und melden uns."
    ),
    Status.IN_REVIEW: _("Wir prüfen deinen Antrag über %(requested)s jetzt."),
    Status.CHANGES_REQUESTED: _(
        "Bitte überarbeite deinen Antrag. Das fehlt oder muss geändert werden:"
    ),
    Status.RESUBMITTED: _("Dein überarbeiteter Antrag über %(requested)s ist bei uns eingegangen."),
    Status.RECOMMENDED: _("Wir prüfen deinen Antrag weiter."),
    Status.NOT_RECOMMENDED: _("Wir prüfen deinen Antrag weiter."),
    Status.APPROVED: _(
        "Gute Nachricht: Dein Antrag wurde bewilligt. Der Förderbetrag beträgt %(amount)s. "
        "Den Zuwendungsbescheid bekommst du in Kürze."
    ),
    Status.REJECTED: _(
        "Leider können wir dein Projekt diesmal nicht fördern. Bei Fragen melde dich gern bei uns."
    ),
    Status.AGREEMENT_SENT: _(
        "Dein Zuwendungsbescheid über %(amount)s liegt bereit. Du kannst ihn im Portal als "
        "PDF herunterladen und dort Mittel abrufen."
    ),
    Status.PAYING: _(
        "Wir haben %(payment)s ausgezahlt. Insgesamt sind %(paid)s von %(amount)s ausgezahlt."
    ),
    Status.PROOF_DUE: _(
        "Bitte reiche jetzt den Verwendungsnachweis für die Förderung von %(amount)s ein: "
        "tatsächliche Kosten und Einnahmen, die Belegliste, einen kurzen Sachbericht und "
        "die Erklärung."
    ),
    Status.PROOF_SUBMITTED: _("Dein Verwendungsnachweis ist bei uns eingegangen."),
    Status.CLOSED: _(
        "Dein Förderprojekt ist abgeschlossen (Förderung %(paid)s). Danke für dein Engagement!"
    ),
    Status.REPAYMENT_REQUESTED: _(
        "Nach Prüfung des Verwendungsnachweises bitten wir dich, %(repayment)s "
        "zurückzuzahlen. Die Einzelheiten findest du im Portal."
    ),
}
# Statuses whose mail carries the officer's note (the others' notes stay on the page).
NOTE_STATUSES = (
    Status.CHANGES_REQUESTED,
    Status.REJECTED,
    Status.PROOF_DUE,
    Status.REPAYMENT_REQUESTED,
    Status.APPROVED,
)


class StatusSentence:
    """The sentence of a status mail, formatted when the template renders it: in the
    recipient's language, amounts written as they write them."""

    def __init__(self, change: StatusChange) -> None:
        self.change = change

    def __str__(self) -> str:
        application = self.change.application
        payment = application.payments.order_by("-number").first()
        proof = getattr(application, "proof", None)
        values = {
            "reference": application.reference or "",
            "requested": euro(application.requested_amount),
            "amount": euro(application.approved_amount or ZERO),
            "paid": euro(application.paid_total()),
            "payment": euro(payment.amount if payment else ZERO),
            "repayment": euro(getattr(proof, "repayment_amount", None) or ZERO),
        }
        sentence = STATUS_SENTENCES.get(
            self.change.to_status, _("Der Status deines Antrags hat sich geändert.")
        )
        return str(sentence) % values


def resolve_status(*, status_change_id: int) -> Delivery | None:
    """The applicant's mail on a status change."""
    change = (
        StatusChange.objects.select_related(
            "application__organisation", "application__author", "application__call__programme"
        )
        .filter(pk=status_change_id)
        .first()
    )
    if change is None:
        return None
    application = change.application
    return Delivery(
        recipients=_applicants(application),
        context={
            "application": application,
            "change": change,
            "status": APPLICANT_STATUS.get(change.to_status, change.to_status),
            "sentence": StatusSentence(change),
            "note": change.note if change.to_status in NOTE_STATUSES else "",
        },
        subject_args={
            "programme": application.call.programme.title,
            "status": APPLICANT_STATUS.get(change.to_status, change.to_status),
            "title": application.title,
        },
        path=application.get_absolute_url(),
    )


def resolve_proof_reminder(*, reminder_id: int) -> Delivery | None:
    """The proof of use is due soon: to every active member of the organisation."""
    reminder = (
        ProofReminder.objects.select_related(
            "application__organisation", "application__call__programme"
        )
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return None
    application = reminder.application
    members = [
        membership.user
        for membership in application.organisation.memberships.select_related("user")
        if membership.user.is_active and membership.user.email
    ]
    return Delivery(
        recipients=members,
        context={
            "application": application,
            "due": reminder.proof_due,
            "days": (reminder.proof_due - timezone.localdate(reminder.sent_at)).days,
        },
        subject_args={"title": application.title},
        path=application.get_absolute_url(),
    )


STATUS = "funding.status"
PROOF_REMINDER = "funding.proof_reminder"
SUBMITTED = "funding.submitted"
MESSAGE = "funding.message"
PAYMENT_REQUESTED = "funding.payment_requested"
PROOF_SUBMITTED = "funding.proof_submitted"
CONFLICT = "funding.conflict"
ASSIGNMENT = "funding.assignment"

KINDS = [
    Kind(
        key=STATUS,
        label=_("Neuigkeiten zu deinen Förderanträgen"),
        subject=_("%(programme)s: %(status)s – %(title)s"),
        text_template="funding/notifications/status.txt",
        resolve=resolve_status,
        group=FUNDING,
        switchable=False,  # part of the administrative procedure
    ),
    Kind(
        key=PROOF_REMINDER,
        label=_("Erinnerungen an den Verwendungsnachweis"),
        subject=_("Erinnerung: Verwendungsnachweis fällig – %(title)s"),
        text_template="funding/notifications/proof_reminder.txt",
        resolve=resolve_proof_reminder,
        group=FUNDING,
        switchable=False,  # a legal deadline
    ),
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
