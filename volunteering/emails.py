"""E-mails of the volunteering part: German, plain text, absolute links.

Each ``send_*`` function loads what it needs by id (it runs in a background task) and
does nothing when the record is gone or no longer in the state the mail is about.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from civicportal.core.models import OrganisationMembership
from volunteering.models import Signup


def _url(path: str) -> str:
    return settings.SITE_URL + path


def _when(start, end) -> str:
    """A shift's time in the active language's formats."""
    start = timezone.localtime(start)
    end = timezone.localtime(end)
    return _("%(date)s, %(start)s–%(end)s Uhr") % {
        "date": formats.date_format(start, "DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
    }


def _message(subject: str, body: str, to: list[str]) -> EmailMultiAlternatives:
    return EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    )


def _signup(signup_id: int) -> Signup | None:
    return (
        Signup.objects.select_related(
            "volunteer", "shift__opportunity__organisation", "shift__opportunity__municipality"
        )
        .filter(pk=signup_id)
        .first()
    )


def _volunteer_signup(signup_id: int) -> Signup | None:
    """The sign-up for a mail to its volunteer; None when gone or the account was erased."""
    signup = _signup(signup_id)
    if signup is None or signup.volunteer_id is None:
        return None
    return signup


def _organisation_name_for(user) -> str:
    """How an organisation's mail names a volunteer: the full name (organisations see it)."""
    if user is None:
        return _("gelöschtes Konto")
    return user.document_name or user.email


def _greeting(user) -> str:
    if not user.greeting_name:
        return _("Hallo,")
    return _("Hallo %(name)s,") % {"name": user.greeting_name}


def _shift_lines(signup: Signup) -> str:
    shift = signup.shift
    opportunity = shift.opportunity
    lines = [
        f"{opportunity.title} – {opportunity.organisation.name}",
        _("Wann: %(when)s") % {"when": _when(shift.starts_at, shift.ends_at)},
    ]
    if opportunity.place:
        lines.append(_("Wo: %(place)s") % {"place": opportunity.place})
    lines.append(_url(opportunity.get_absolute_url()))
    return "\n".join(lines)


def _my_url() -> str:
    return _url(reverse("volunteering:mine"))


def _organisation_recipients(organisation) -> list[str]:
    recipients = list(
        OrganisationMembership.objects.filter(
            organisation=organisation,
            role__in=[OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.COORDINATOR],
        ).values_list("user__email", flat=True)
    )
    if organisation.email:
        recipients.append(organisation.email)
    return sorted(set(recipients))


def send_cancellation_notice(signup_id: int) -> None:
    """Tell the organisation that someone cancelled a place (and who moved up, if anyone)."""
    signup = _signup(signup_id)
    if signup is None or signup.status != Signup.Status.CANCELLED:
        return
    organisation = signup.shift.opportunity.organisation
    recipients = _organisation_recipients(organisation)
    if not recipients:
        return
    dashboard = _url(reverse("organisations:detail", kwargs={"slug": organisation.slug}))
    body = "\n\n".join(
        [
            _("Hallo,"),
            _("%(name)s hat für diesen Termin abgesagt:")
            % {"name": _organisation_name_for(signup.volunteer)},
            _shift_lines(signup),
            _("Wer auf der Warteliste stand, ist automatisch nachgerückt. Übersicht: %(url)s")
            % {"url": dashboard},
        ]
    )
    _message(
        _("Absage: %(title)s") % {"title": signup.shift.opportunity.title}, body, recipients
    ).send()


def send_application_notice(signup_id: int) -> None:
    """Tell the organisation's admins and coordinators about a new application."""
    signup = _signup(signup_id)
    if signup is None or signup.status != Signup.Status.PENDING:
        return
    organisation = signup.shift.opportunity.organisation
    recipients = _organisation_recipients(organisation)
    if not recipients:
        return
    dashboard = _url(reverse("organisations:detail", kwargs={"slug": organisation.slug}))
    parts = [
        _("Hallo,"),
        _("es gibt eine neue Bewerbung für euer Angebot:"),
        _shift_lines(signup),
    ]
    if signup.message:
        parts.append(_("Nachricht:") + "\n" + signup.message)
    parts.append(_("Annehmen oder ablehnen könnt ihr hier: %(url)s") % {"url": dashboard})
    _message(
        _("Neue Bewerbung: %(title)s") % {"title": signup.shift.opportunity.title},
        "\n\n".join(parts),
        recipients,
    ).send()
