"""E-mails of the funding part: plain German, addressed with "du" like the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from funding.formatting import euro
from funding.models import ProofReminder, Status, StatusChange

# One plain sentence per new status, as the applicant sees it.
MESSAGES = {
    Status.SUBMITTED: gettext_lazy(
        "Dein Antrag ist bei uns eingegangen. Das Aktenzeichen lautet %(reference)s. "
        "Wir prüfen ihn und melden uns."
    ),
    Status.IN_REVIEW: gettext_lazy("Wir prüfen deinen Antrag jetzt."),
    Status.CHANGES_REQUESTED: gettext_lazy(
        "Bitte überarbeite deinen Antrag. Das fehlt oder muss geändert werden:"
    ),
    Status.RESUBMITTED: gettext_lazy("Dein überarbeiteter Antrag ist bei uns eingegangen."),
    Status.RECOMMENDED: gettext_lazy("Wir prüfen deinen Antrag weiter."),
    Status.NOT_RECOMMENDED: gettext_lazy("Wir prüfen deinen Antrag weiter."),
    Status.APPROVED: gettext_lazy(
        "Gute Nachricht: Dein Antrag wurde bewilligt. Der Förderbetrag beträgt %(amount)s. "
        "Den Zuwendungsbescheid bekommst du in Kürze."
    ),
    Status.REJECTED: gettext_lazy(
        "Leider können wir dein Projekt diesmal nicht fördern. Bei Fragen melde dich gern bei uns."
    ),
    Status.AGREEMENT_SENT: gettext_lazy(
        "Dein Zuwendungsbescheid liegt bereit. Du kannst ihn im Portal als PDF herunterladen."
    ),
    Status.PAYING: gettext_lazy("Wir haben eine Rate der Förderung ausgezahlt."),
    Status.PROOF_DUE: gettext_lazy(
        "Bitte reiche jetzt den Verwendungsnachweis ein: tatsächliche Kosten, einen kurzen "
        "Sachbericht und wie viele Menschen du erreicht hast."
    ),
    Status.PROOF_SUBMITTED: gettext_lazy("Dein Verwendungsnachweis ist bei uns eingegangen."),
    Status.CLOSED: gettext_lazy("Dein Förderprojekt ist abgeschlossen. Danke für dein Engagement!"),
    Status.REPAYMENT_REQUESTED: gettext_lazy(
        "Nach Prüfung des Verwendungsnachweises bitten wir dich, %(repayment)s "
        "zurückzuzahlen. Die Einzelheiten findest du im Portal."
    ),
}


def recipients(change: StatusChange) -> list[str]:
    application = change.application
    if application.author_id and application.author.is_active:
        return [application.author.email]
    return list(
        application.organisation.memberships.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )


def send_status_change(change: StatusChange) -> None:
    application = change.application
    to = recipients(change)
    if not to:
        return
    repayment = getattr(getattr(application, "proof", None), "repayment_amount", None)
    sentence = str(
        MESSAGES.get(change.to_status, _("Der Status deines Antrags hat sich geändert."))
    )
    sentence = sentence % {
        "reference": application.reference or "",
        "amount": euro(application.approved_amount or 0),
        "repayment": euro(repayment or 0),
    }
    link = settings.SITE_URL + reverse("funding:application", kwargs={"pk": application.pk})
    author = application.author if application.author_id else None
    greeting = (
        _("Hallo %(name)s,") % {"name": author.greeting_name}
        if author is not None and to == [author.email] and author.greeting_name
        else _("Hallo,")
    )
    lines = [
        greeting,
        "",
        _("zu deinem Antrag „%(title)s“ (%(reference)s) gibt es Neuigkeiten:")
        % {"title": application.title, "reference": application.reference or _("Entwurf")},
        "",
        _("Neuer Stand: %(status)s") % {"status": change.applicant_to_status},
        "",
        sentence,
    ]
    if change.note and change.to_status in (
        Status.CHANGES_REQUESTED,
        Status.REJECTED,
        Status.PROOF_DUE,
        Status.REPAYMENT_REQUESTED,
        Status.APPROVED,
    ):
        lines += ["", change.note]
    lines += [
        "",
        _("Alle Einzelheiten: %(link)s") % {"link": link},
        "",
        _("Viele Grüße"),
        application.call.programme.title,
    ]
    subject = _("%(programme)s: %(status)s – %(title)s") % {
        "programme": application.call.programme.title,
        "status": change.applicant_to_status,
        "title": application.title,
    }
    EmailMultiAlternatives(
        subject=subject,
        body="\n".join(str(line) for line in lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send()


def send_proof_reminder(reminder: ProofReminder) -> int:
    """One e-mail to each active member of the applying organisation (nobody sees the
    others' addresses); returns how many were sent."""
    application = reminder.application
    addresses = sorted(
        set(
            application.organisation.memberships.filter(user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    link = settings.SITE_URL + reverse("funding:application", kwargs={"pk": application.pk})
    deadline = date_format(reminder.proof_due, "j. F Y")
    days = (reminder.proof_due - timezone.localdate(reminder.sent_at)).days
    subject = _("Erinnerung: Verwendungsnachweis bis %(date)s – %(title)s") % {
        "date": deadline,
        "title": application.title,
    }
    body = "\n".join(
        str(line)
        for line in [
            _("Hallo,"),
            "",
            ngettext(
                "für dein Förderprojekt „%(title)s“ (%(reference)s) ist der "
                "Verwendungsnachweis bis zum %(date)s fällig – in %(days)s Tag.",
                "für dein Förderprojekt „%(title)s“ (%(reference)s) ist der "
                "Verwendungsnachweis bis zum %(date)s fällig – in %(days)s Tagen.",
                days,
            )
            % {
                "title": application.title,
                "reference": application.reference or "",
                "date": deadline,
                "days": days,
            }
            if days
            else _(
                "für dein Förderprojekt „%(title)s“ (%(reference)s) ist der "
                "Verwendungsnachweis heute fällig."
            )
            % {"title": application.title, "reference": application.reference or ""},
            "",
            _(
                "Du brauchst: die tatsächlichen Kosten je Position des Finanzierungsplans, "
                "einen kurzen Sachbericht und wie viele Menschen du erreicht hast."
            ),
            "",
            _("Zum Antrag: %(link)s") % {"link": link},
            "",
            _("Viele Grüße"),
            application.call.programme.title,
        ]
    )
    for address in addresses:
        EmailMultiAlternatives(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[address]
        ).send()
    return len(addresses)
