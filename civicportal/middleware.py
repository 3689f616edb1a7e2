"""Middleware of the portal."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode


class PortalLocaleMiddleware:
    """German first: the page language is German unless the visitor chose another one
    with the language switch (the ``django_language`` cookie). The browser's
    ``Accept-Language`` is deliberately not used, so every visitor starts on the German
    portal and English is a visible, deliberate choice."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NamesGateMiddleware:
    """Accounts without a full name are asked for their names once, on their next visit:
    a signed-in GET to any page redirects to the profile form, which brings the person
    back (``next``) after saving. Account pages (sign-out, e-mail, two-factor, the
    profile itself), non-page responses (feeds, files) and requests other than GET/HEAD
    pass, so nothing typed is lost and nobody is locked out."""

    EXEMPT_PREFIXES = ("/konto/", "/static/", "/media/", "/sprache/", "/healthz")
    EXEMPT_SUFFIXES = (".ics", ".atom", ".rss", ".csv", ".pdf", ".json", ".xml", ".txt")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method in ("GET", "HEAD")
            and not user.has_names
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and not request.path.endswith(self.EXEMPT_SUFFIXES)
        ):
            target = reverse("accounts:profile")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
