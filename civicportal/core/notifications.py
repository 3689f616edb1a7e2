"""One mechanism for every notification of the portal.

Each app declares the kinds of event it reports in its own ``notifications`` module and
registers them in ``AppConfig.ready()`` (:func:`register`). A :class:`Kind` knows

* who receives it: its ``resolve`` function turns the event's payload (ids, JSON) into a
  :class:`Delivery` — the recipients, the template context, the link;
* its e-mail: a subject and a text template (the body); the greeting, the footer with the
  settings link and, where the kind may be switched off, the one-click unsubscribe
  (RFC 8058) are added here, and the HTML part is rendered from the same body;
* whether a person may switch it off (``switchable``; transactional kinds may not) and
  whether it may be collected into the daily digest (``digest``).

Services never send mail themselves: they call ``civicportal.core.tasks.notify(kind,
**payload)``, which queues :func:`deliver` on the background task queue. Every delivered
notification is also stored (:class:`~civicportal.core.models.Notification`) for the
person's in-portal list; digest ones wait there until :func:`send_digests` mails them.
The matrix of kinds × recipients × channels is docs/notifications.md (tests read it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import ngettext

from civicportal.core.models import Notification, NotificationSettings, User

logger = logging.getLogger(__name__)

INSTANT = NotificationSettings.Mode.INSTANT
DIGEST = NotificationSettings.Mode.DIGEST
OFF = NotificationSettings.Mode.OFF


@dataclass
class Delivery:
    """One event resolved: who hears of it, what the templates show, where it links."""

    recipients: Iterable[User]
    context: dict
    #: values for the kind's subject (``%(name)s`` placeholders)
    subject_args: dict = field(default_factory=dict)
    #: path on the portal the notification links to ("" for none)
    path: str = ""
    #: a kind-specific one-click unsubscribe path per recipient (else the per-kind link)
    unsubscribe_path: Callable[[User], str] | None = None
    #: files for each recipient's mail, as (filename, content, mimetype) (a calendar entry)
    attachments: Callable[[User], list[tuple[str, bytes, str]]] | None = None
    #: the sender's display name when someone other than the portal speaks (an
    #: organisation writing to its participants); the address stays the portal's
    sender_name: str = ""
    #: addresses that belong to no account (an organisation's own mailbox): each gets the
    #: mail in the portal's language, without an in-portal entry or an unsubscribe link
    addresses: Iterable[str] = ()


@dataclass(frozen=True)
class Kind:
    key: str  # "<app>.<event>", stable: stored in settings and notifications
    label: Promise  # on the settings page and in the in-portal list
    subject: Promise  # with ``%(name)s`` placeholders filled from ``subject_args``
    text_template: str  # the body; greeting and footer come from the mechanism
    resolve: Callable[..., Delivery | None]
    group: Promise  # the heading on the settings page
    switchable: bool = True  # False: transactional, always sent
    digest: bool = False  # may wait for the daily digest
    staff: bool = False  # shown on the settings page only to staff
    html_template: str = "notifications/email.html"

    def modes(self) -> list[str]:
        modes = [INSTANT]
        if self.digest:
            modes.append(DIGEST)
        if self.switchable:
            modes.append(OFF)
        return modes


_REGISTRY: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    """Add kinds (from an app's ``AppConfig.ready``); a key may be registered once."""
    for kind in kinds:
        existing = _REGISTRY.get(kind.key)
        if existing is not None and existing is not kind:
            raise ValueError(f"Notification kind {kind.key!r} is registered twice.")
        _REGISTRY[kind.key] = kind


def get(key: str) -> Kind:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}.") from None


def kinds() -> list[Kind]:
    return list(_REGISTRY.values())


# --- who is who ---------------------------------------------------------------------------------


def greeting_name(user: User) -> str:
    """The name a mail greets with (the person's full name, else their public name)."""
    return user.greeting_name


def staff_of(municipality_id: int, role: str) -> list[User]:
    """Active staff with ``role`` in a municipality (editors, the agency, officers, …)."""
    return list(
        User.objects.filter(
            is_active=True,
            is_staff=True,
            staff_memberships__municipality_id=municipality_id,
            staff_memberships__role=role,
        )
        .distinct()
        .order_by("pk")
    )


def mode_for(user_settings: NotificationSettings | None, kind: Kind) -> str:
    chosen = user_settings.choices.get(kind.key) if user_settings else None
    return chosen if chosen in kind.modes() else INSTANT


# --- one-click unsubscribe ------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "core.notifications.unsubscribe"


def unsubscribe_token(user: User, kind: Kind) -> str:
    """A signed token for "no more mails of this kind" (names person and kind)."""
    return signing.dumps({"u": user.pk, "k": kind.key}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[User, Kind] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, key = int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    kind = _REGISTRY.get(key)
    user = User.objects.filter(pk=user_id).first()
    if kind is None or user is None or not kind.switchable:
        return None
    return user, kind


def remember_language(sender, request, user, **kwargs) -> None:
    """On sign-in (``user_logged_in``): a person who never chose the language of their
    mails gets them in the language they use the portal in."""
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
        return
    NotificationSettings.objects.get_or_create(user=user, defaults={"language": language})


def set_mode(*, user: User, kind: Kind, mode: str) -> None:
    if mode not in kind.modes():
        raise ValueError(f"{mode!r} is not a mode of {kind.key}.")
    with transaction.atomic():
        user_settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
            user=user
        )
        user_settings.choices[kind.key] = mode
        user_settings.save(update_fields=["choices"])


#: names the kind of a notification mail (mail filters, tests)
KIND_HEADER = "X-Civicportal-Notification"


def one_click_message(
    *,
    subject: str,
    body: str,
    to: str,
    unsubscribe: str | None,
    html: str | None = None,
    kind: str = "",
    sender_name: str = "",
) -> EmailMultiAlternatives:
    """A message, with the RFC 8058 one-click unsubscribe headers when ``unsubscribe``."""
    headers = {KIND_HEADER: kind} if kind else {}
    if unsubscribe:
        headers |= {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    from_email = settings.DEFAULT_FROM_EMAIL
    if sender_name:
        from_email = str(Address(display_name=sender_name, addr_spec=parseaddr(from_email)[1]))
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email,
        to=[to],
        headers=headers,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


# --- delivery -------------------------------------------------------------------------------------


def _verified_emails(users: list[User]) -> set[str]:
    rows = EmailAddress.objects.filter(user__in=users, verified=True).values_list(
        "user_id", "email"
    )
    by_id = {user.pk: user.email.lower() for user in users}
    return {email.lower() for user_id, email in rows if by_id.get(user_id) == email.lower()}


def _language(user_settings: NotificationSettings | None) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    language = user_settings.language if user_settings else settings.LANGUAGE_CODE
    return language if language in supported else settings.LANGUAGE_CODE


def _render_mail(
    kind: Kind, delivery: Delivery, user: User | None, subject: str, address: str = ""
) -> EmailMultiAlternatives:
    """The mail of ``kind`` to ``user`` (or, with ``user`` None, to ``address``)."""
    site = settings.SITE_URL
    unsubscribe = None
    if kind.switchable and user is not None:
        path = (
            delivery.unsubscribe_path(user)
            if delivery.unsubscribe_path
            else reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
        )
        unsubscribe = f"{site}{path}"
    context = {
        **delivery.context,
        "recipient": user,
        "greeting_name": greeting_name(user) if user is not None else "",
        "site_name": settings.SITE_NAME,
        "site_url": site,
        "url": f"{site}{delivery.path}" if delivery.path else "",
        "kind": kind,
        "subject": subject,
        "unsubscribe_url": unsubscribe,
        # an address without an account has no settings to choose
        "settings_url": f"{site}{reverse('notifications:settings')}" if user is not None else "",
    }
    context["body"] = render_to_string(kind.text_template, context).strip()
    text = render_to_string("notifications/email.txt", context)
    html = render_to_string(kind.html_template, context)
    message = one_click_message(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=text,
        to=user.email if user is not None else address,
        unsubscribe=unsubscribe,
        html=html,
        kind=kind.key,
        sender_name=delivery.sender_name,
    )
    if user is None:
        return message
    for filename, content, mimetype in delivery.attachments(user) if delivery.attachments else []:
        message.attach(filename, content, mimetype)
    return message


def deliver(key: str, payload: dict) -> int:
    """Resolve one event and notify its recipients; returns the number of e-mails sent.

    Every active recipient who has not switched the kind off gets an entry in their
    in-portal list; those with ``instant`` (and a verified address) get the e-mail now,
    those with ``digest`` get it with the next daily digest."""
    kind = get(key)
    delivery = kind.resolve(**payload)
    if delivery is None:
        return 0
    recipients = list({user.pk: user for user in delivery.recipients if user.is_active}.values())
    sent = _mail_addresses(kind, delivery, {user.email.lower() for user in recipients})
    if not recipients:
        return sent
    user_settings = {
        row.user_id: row for row in NotificationSettings.objects.filter(user__in=recipients)
    }
    verified = _verified_emails(recipients)
    for user in recipients:
        own = user_settings.get(user.pk)
        mode = mode_for(own, kind)
        if mode == OFF:
            continue
        with translation.override(_language(own)):
            subject = str(kind.subject) % delivery.subject_args
            mail = user.email.lower() in verified and mode == INSTANT
            Notification.objects.create(
                user=user,
                kind=kind.key,
                subject=subject[:300],
                path=delivery.path[:500],
                mode=mode,
                emailed_at=timezone.now() if mail else None,
            )
            if mail:
                _render_mail(kind, delivery, user, subject).send()
                sent += 1
    logger.info("notification %s: %s recipient(s), %s mail(s)", key, len(recipients), sent)
    return sent


def _mail_addresses(kind: Kind, delivery: Delivery, skip: set[str]) -> int:
    """Mail ``delivery.addresses`` (no accounts) in the portal's language; an address that
    is also a recipient's gets only that person's mail."""
    unique = {address.lower(): address for address in delivery.addresses if address}
    addresses = [address for key, address in sorted(unique.items()) if key not in skip]
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(kind.subject) % delivery.subject_args
        for address in addresses:
            _render_mail(kind, delivery, None, subject, address=address).send()
    return len(addresses)


def send_digests(*, batch: int = 500) -> int:
    """One mail per person with every notification waiting for the digest; returns the
    number of digests sent. Rows are claimed (``SKIP LOCKED``) so two runs never mail the
    same notification twice; a failed send rolls its claim back for the next run."""
    sent = 0
    user_ids = list(
        Notification.objects.filter(mode=DIGEST, emailed_at__isnull=True)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()[:batch]
    )
    for user_id in user_ids:
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(user_id=user_id, mode=DIGEST, emailed_at__isnull=True)
                .order_by("created_at", "pk")
            )
            if not rows:
                continue
            user = User.objects.get(pk=user_id)
            Notification.objects.filter(pk__in=[row.pk for row in rows]).update(
                emailed_at=timezone.now()
            )
            if not user.is_active or user.email.lower() not in _verified_emails([user]):
                continue
            own = NotificationSettings.objects.filter(user=user).first()
            with translation.override(_language(own)):
                _digest_mail(user, rows).send()
            sent += 1
    return sent


#: how long the in-portal list keeps a notification (data minimisation)
KEEP_DAYS = 180


def prune(*, days: int = KEEP_DAYS) -> int:
    """Delete notifications older than ``days`` that are no longer waiting for a digest."""
    cutoff = timezone.now() - timedelta(days=days)
    old = Notification.objects.filter(created_at__lt=cutoff).exclude(
        mode=DIGEST, emailed_at__isnull=True
    )
    deleted, _rows = old.delete()
    return deleted


def _digest_mail(user: User, rows: list[Notification]) -> EmailMultiAlternatives:
    site = settings.SITE_URL
    entries = [
        {
            "label": _REGISTRY[row.kind].label if row.kind in _REGISTRY else row.kind,
            "subject": row.subject,
            "url": f"{site}{row.path}" if row.path else "",
            "created_at": row.created_at,
        }
        for row in rows
    ]
    subject = ngettext(
        "Deine tägliche Zusammenfassung: %(count)s Neuigkeit",
        "Deine tägliche Zusammenfassung: %(count)s Neuigkeiten",
        len(rows),
    ) % {"count": len(rows)}
    context = {
        "entries": entries,
        "greeting_name": greeting_name(user),
        "site_name": settings.SITE_NAME,
        "site_url": site,
        "subject": subject,
        "settings_url": f"{site}{reverse('notifications:settings')}",
        "history_url": f"{site}{reverse('notifications:history')}",
        "unsubscribe_url": None,
    }
    context["body"] = render_to_string("notifications/digest.txt", context).strip()
    return one_click_message(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string("notifications/email.txt", context),
        to=user.email,
        unsubscribe=None,
        html=render_to_string("notifications/digest.html", context),
        kind="digest",
    )
