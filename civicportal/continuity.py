"""Never a dead end: HEAD wherever GET works, a branded page for 405, and forms that
survive an expired session or a language switch.

* :class:`HeadAsGetMiddleware` answers ``HEAD`` like ``GET`` (status and headers, no
  body), so link checkers and uptime monitors see the page a browser sees, also on views
  limited to GET (``require_GET``).
* :class:`ResumeFormMiddleware`

  - turns every empty 405 (a GET to a URL that only takes a form) into the portal's
    branded 405 page, ``Allow`` header kept;
  - keeps what a person typed, server-side in their session, when their POST could not be
    handled: they were signed out (the session expired; the POST ends at the login page)
    or the form was rejected (and they may switch the language next). When they come back
    to that address — after signing in, after the language switch, or with a GET the URL
    does not take — they get the "continue where you left off" page: their input in an
    editable form, sent with a fresh CSRF token to the original address. Nothing is sent
    without them confirming it (a shared computer: whoever signs in next sees the text
    before it is posted as theirs). Entries live 24 hours at most; passwords, CSRF
    tokens and files are never kept.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

SESSION_KEY = "portal_resume"
MAX_AGE_SECONDS = 24 * 3600
MAX_ENTRIES = 5
MAX_VALUE_CHARS = 20_000
#: fields never kept: tokens, passwords, where-to-go-next
SKIPPED_FIELDS = re.compile(r"^(csrfmiddlewaretoken|next|password.*|.*_password|otp|code)$", re.I)
#: paths whose forms are never kept (sign-in and account forms, the admin, language switch)
SKIPPED_PREFIXES = ("/konto/", "/admin/", "/sprache/", "/static/")
LOGIN = "login"
REJECTED = "rejected"
CSRF = "csrf"

#: labels for the field names the portal's forms use (others: the name, humanised)
FIELD_LABELS = {
    "body": _("Dein Text"),
    "title": _("Titel"),
    "reason": _("Begründung"),
    "topic": _("Worum geht es?"),
    "phone": _("Telefonnummer"),
    "message": _("Nachricht"),
    "note": _("Anmerkung"),
    "description": _("Beschreibung"),
    "summary": _("Kurzbeschreibung"),
    "name": _("Name"),
    "email": _("E-Mail-Adresse"),
    "hours": _("Stunden"),
    "day": _("Datum"),
    "date": _("Datum"),
}
_CHOICE_VALUE = re.compile(r"^[a-z0-9_\-.:]{0,40}$")


# --- HEAD ----------------------------------------------------------------------------------------


class HeadAsGetMiddleware:
    """``HEAD`` runs the ``GET`` view; the body is dropped, ``Content-Length`` kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response


# --- kept input ----------------------------------------------------------------------------------


def _entries(request: HttpRequest) -> dict:
    session = getattr(request, "session", None)
    if session is None:
        return {}
    entries = session.get(SESSION_KEY) or {}
    now = time.time()
    return {
        key: entry
        for key, entry in entries.items()
        if isinstance(entry, dict) and now - entry.get("at", 0) < MAX_AGE_SECONDS
    }


def _save(request: HttpRequest, entries: dict) -> None:
    newest = sorted(entries.items(), key=lambda item: item[1]["at"])[-MAX_ENTRIES:]
    if newest:
        request.session[SESSION_KEY] = dict(newest)
    elif SESSION_KEY in request.session:
        del request.session[SESSION_KEY]


def _kept_fields(request: HttpRequest) -> list[list[str]]:
    fields = []
    for key, values in request.POST.lists():
        if SKIPPED_FIELDS.match(key):
            continue
        fields.extend([key, value[:MAX_VALUE_CHARS]] for value in values)
    return fields


def _same_site(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def _is_sign_in_redirect(response: HttpResponse) -> bool:
    """Sent to sign in, or (staff) to confirm the second factor first."""
    if response.status_code != 302:
        return False
    target = urlsplit(response.get("Location", "")).path
    return target in {
        resolve_url(settings.LOGIN_URL),
        reverse("mfa_reauthenticate"),
        reverse("mfa_activate_totp"),
    }


def _is_rejected_form(response: HttpResponse) -> bool:
    """A form page shown again with errors (the KERN error classes of templates/forms/)."""
    return (
        response.status_code in {200, 400}
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and b"--error" in response.content
    )


def _entry(request: HttpRequest, reason: str, fields: list[list[str]]) -> dict:
    return {
        "reason": reason,
        "fields": fields,
        "referer": _same_site(request, request.META.get("HTTP_REFERER", "")),
        "language": get_language(),
        "at": time.time(),
    }


def keep_after_csrf_failure(request: HttpRequest) -> bool:
    """Keep the input of a form refused by the CSRF check (it was open too long, or the
    cookie was lost): the next GET of its address offers it back. ``True`` if kept."""
    if request.method != "POST" or request.path.startswith(SKIPPED_PREFIXES) or request.FILES:
        return False
    fields = _kept_fields(request)
    if not fields or getattr(request, "session", None) is None:
        return False
    entries = _entries(request)
    entries[request.path] = _entry(request, CSRF, fields)
    _save(request, entries)
    request.portal_kept_after_csrf_failure = True
    return True


class ResumeFormMiddleware:
    """Keeps interrupted form input and offers it back (see the module docstring); brands
    empty 405 answers. Place it after the session, locale, auth and message middlewares."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(SKIPPED_PREFIXES):
            return self._brand_405(request, self.get_response(request))
        if request.method == "POST":
            return self._post(request)
        if request.method == "GET":
            entry = _entries(request).get(request.path)
            if entry is not None and self._offer_now(request, entry):
                return resume_page(request, entry)
            response = self.get_response(request)
            if response.status_code == 405 and entry is not None:
                return resume_page(request, entry)
            return self._brand_405(request, response)
        return self._brand_405(request, self.get_response(request))

    @staticmethod
    def _offer_now(request: HttpRequest, entry: dict) -> bool:
        if entry["reason"] == CSRF:
            return True
        if entry["reason"] == LOGIN:
            return request.user.is_authenticated
        return entry.get("language") != get_language()

    def _post(self, request: HttpRequest) -> HttpResponse:
        fields = _kept_fields(request)  # read before the view: it may consume the body
        response = self.get_response(request)
        entries = _entries(request)
        entries.pop(request.path, None)
        reason = None
        if _is_sign_in_redirect(response):
            reason = LOGIN
        elif _is_rejected_form(response) and fields:
            reason = REJECTED
        if reason and fields and not request.FILES:
            entries[request.path] = _entry(request, reason, fields)
        elif getattr(request, "portal_kept_after_csrf_failure", False):
            entries[request.path] = _entries(request)[request.path]  # see csrf_failure
        if entries != (request.session.get(SESSION_KEY) or {}):
            _save(request, entries)
        return self._brand_405(request, response)

    @staticmethod
    def _brand_405(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code != 405 or response.content:
            return response
        back = _same_site(request, request.META.get("HTTP_REFERER", ""))
        branded = render(request, "405.html", {"back_url": back}, status=405)
        branded["Allow"] = response.get("Allow", "")
        return branded


def _field_rows(fields: list[list[str]]) -> list[dict]:
    rows = []
    for index, (name, value) in enumerate(fields):
        textual = name in FIELD_LABELS or not _CHOICE_VALUE.match(value)
        rows.append(
            {
                "id": f"resume-{index}",
                "name": name,
                "value": value,
                "label": FIELD_LABELS.get(name) or name.replace("_", " ").capitalize(),
                "visible": textual and bool(value.strip()),
                "multiline": "\n" in value or len(value) > 80 or name in {"body", "description"},
            }
        )
    return rows


def resume_page(request: HttpRequest, entry: dict) -> HttpResponse:
    context = {
        "action": request.path,
        "rows": _field_rows(entry["fields"]),
        "referer": entry.get("referer") or "",
        "reason": entry["reason"],
    }
    response = render(request, "resume.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


@require_POST
def discard(request: HttpRequest) -> HttpResponse:
    """Forget the kept input of one address and go back to the form's page."""
    target = request.POST.get("path", "")
    entries = _entries(request)
    entry = entries.pop(target, None)
    _save(request, entries)
    back = (entry or {}).get("referer") or reverse("home")
    return HttpResponseRedirect(back)


urlpatterns = [path("konto/fortsetzen/verwerfen/", discard, name="resume_discard")]
