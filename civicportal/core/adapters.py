"""allauth integration: e-mails go out in the portal's language, name the portal by
``SITE_NAME`` and carry links to ``SITE_URL`` (the single source of absolute links; in
development it follows the runserver port, see settings)."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


def on_site_url(url: str) -> str:
    """``url`` with the scheme and host of ``SITE_URL`` (path, query, fragment kept)."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    return urlunsplit((site.scheme, site.netloc, parts.path, parts.query, parts.fragment))


def portal_site() -> SimpleNamespace:
    """Stands in for allauth's ``current_site`` in mails: the portal's name and host."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def user_display(user) -> str:
    """How allauth's pages name a person: the full name, else the e-mail address."""
    return user.get_full_name()


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = dict(context)
        for key, value in context.items():
            if key.endswith("_url") and isinstance(value, str) and "://" in value:
                context[key] = on_site_url(value)
        context["current_site"] = portal_site()
        context.setdefault("site_name", settings.SITE_NAME)
        super().send_mail(template_prefix, email, context)
