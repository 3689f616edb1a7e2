"""The one list of „Mein Konto“ pages: the header menu, the overview and the side
navigation of the account pages all render it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import (
    NoReverseMatch,
    Resolver404,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.translation import gettext_lazy as _

#: Notification settings (built by the notifications part) appear once that URL exists.
NOTIFICATION_SETTINGS_PATH = "/konto/benachrichtigungen/"


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url: str
    current: bool
    description: str


# (url name, label, short description, url names that count as "this page")
PAGES = [
    ("accounts:overview", _("Übersicht"), _("Alles zu deinem Konto auf einen Blick."), ()),
    (
        "accounts:profile",
        _("Profil und Namen"),
        _("Dein vollständiger und dein öffentlicher Name."),
        (),
    ),
    (
        "account_email",
        _("E-Mail-Adressen"),
        _("Adressen hinzufügen, bestätigen, als Haupt-Adresse wählen."),
        (),
    ),
    (
        "account_change_password",
        _("Passwort"),
        _("Dein Passwort ändern."),
        ("account_set_password",),
    ),
    (
        "mfa_index",
        _("Zwei-Faktor-Anmeldung"),
        _("Anmeldung zusätzlich mit einer Authenticator-App absichern."),
        ("mfa_activate_totp", "mfa_deactivate_totp", "mfa_view_recovery_codes"),
    ),
    (
        NOTIFICATION_SETTINGS_PATH,
        _("Benachrichtigungen"),
        _("Welche E-Mails du bekommst."),
        ("history",),  # notifications:history, the list of one's recent notifications
    ),
    (
        "initiatives:following",
        _("Initiativen, denen ich folge"),
        _("Neuigkeiten der Initiativen, die dich interessieren."),
        (),
    ),
    (
        "accounts:contributions",
        _("Meine Ideen und Kommentare"),
        _("Was du geschrieben hast, und ob es sichtbar ist."),
        (),
    ),
    (
        "volunteering:mine",
        _("Mein Engagement"),
        _("Anmeldungen, Stunden, Nachweise und dein Kalender."),
        ("hours_log",),
    ),
    (
        "funding:my_applications",
        _("Meine Förderanträge"),
        _("Entwürfe, eingereichte Anträge und Bescheide."),
        (),
    ),
    (
        # the dashboard of one's only organisation, else the list (one click either way)
        "accounts:my_organisation",
        _("Meine Organisationen"),
        _("Organisationen, in denen du mitarbeitest, und eine neue registrieren."),
        ("organisations",),
    ),
    (
        "account_data:overview",
        _("Meine Daten"),
        _("Alle Daten herunterladen oder das Konto löschen."),
        (),
    ),
]


def _url(name: str) -> str | None:
    if name.startswith("/"):
        try:
            resolve(name)
        except Resolver404:
            return None
        return name
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


@functools.cache
def _urls(urlconf: str | None, prefix: str) -> tuple[str | None, ...]:
    """The pages' URLs, once per process (the menu is on every signed-in page, and
    reversing a dozen names cost about a millisecond per request)."""
    return tuple(_url(name) for name, *_rest in PAGES)


def account_menu(request) -> list[MenuEntry]:
    match = getattr(request, "resolver_match", None)
    current_name = match.view_name if match else ""
    entries = []
    urls = _urls(get_urlconf(), get_script_prefix())
    for (_name, label, description, also), url in zip(PAGES, urls, strict=True):
        if url is None:
            continue
        current = request.path == url or (
            bool(current_name) and current_name.split(":")[-1] in also
        )
        entries.append(MenuEntry(str(label), url, current, str(description)))
    return entries
