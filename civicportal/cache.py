"""Whole-page cache for anonymous visitors, shared by every app server.

An anonymous page differs only by its URL and its language: the language switch is a link
(``/sprache/<code>/``), so no page an anonymous visitor can be served from the cache holds a
CSRF token. A page that does (a form open to anonymous visitors, such as the barrier report)
is never stored.

What is stored: answers with status 200 to GET requests without a session or messages
cookie, whose view stored nothing in the session or the messages, used no CSRF token, set no
cookie and did not mark the answer private/no-store/no-cache. HEAD requests are served from
stored pages too.

Where: Django's ``default`` cache (``CACHE_URL``: the database cache table by default, Redis
for several app servers), under a key that starts with the **content version**
(``civicportal.core.content``): the services that change public content give it a new value
when their transaction commits, so the next request of every app server misses and renders
anew. Seat counters that change on every sign-up (``Shift.taken``) are covered by the
lifetime of an entry, ``PAGE_CACHE_SECONDS`` (30 s by default; 0 switches the cache off).

Stored pages go out with ``Cache-Control: public, max-age=PAGE_CACHE_SECONDS`` (and
``Vary: Cookie`` from the locale middleware), so a reverse proxy or a CDN may hold them as
well; anonymous pages that cannot be shared say ``private``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from civicportal.core import content

SKIPPED_PREFIXES = ("/admin/", "/konto/", "/static/", "/media/", "/sprache/", "/healthz")
CACHED_TYPES = ("text/html", "text/calendar", "application/atom+xml", "application/rss+xml")
CSRF_INPUT = b'name="csrfmiddlewaretoken"'
DROPPED_HEADERS = {"content-length", "set-cookie", "cache-control"}


def _request_cacheable(request: HttpRequest) -> bool:
    if content.lifetime() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(SKIPPED_PREFIXES)


def _response_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """The answer belongs to this visitor: it holds a CSRF token or the view stored
    something for them (session data, a message). The session and messages middlewares
    run outside this one, so their cookies are not on the response yet."""
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or CSRF_INPUT in response.content:
        return True
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    messages = getattr(request, "_messages", None)
    return bool(messages is not None and getattr(messages, "added_new", False))


def _name(request: HttpRequest) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE  # what the locale middleware serves
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"page:{language}:" + hashlib.sha256(raw.encode()).hexdigest()


def _public(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = f"public, max-age={content.lifetime()}"
    return response


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET pages from the shared cache (place it last in ``MIDDLEWARE``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        name = _name(request)
        version, entry = content.lookup(name)
        if entry is not None:
            return self._from_entry(entry)
        response = self.get_response(request)
        if not _response_cacheable(response):
            return response
        if _personal(request, response):
            patch_cache_control(response, private=True)
            return response
        if request.method == "GET" and version:
            headers = [
                (header, value)
                for header, value in response.headers.items()
                if header.lower() not in DROPPED_HEADERS
            ]
            content.store(version, name, (response.content, headers))
        return _public(response)

    @staticmethod
    def _from_entry(entry) -> HttpResponse:
        body, headers = entry
        response = HttpResponse(body)
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return _public(response)
