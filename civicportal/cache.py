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

**Signed-in people** (issue 20) get the pages of ``SHARED_VIEWS`` from shared parts: the
view runs once per content version, language and URL as it would for an anonymous visitor,
but with ``request.personal_holes`` set, so every ``{% personal %}`` part (the account
menu, the messages, a shift's sign-up cell, the follow button) leaves a placeholder; that
body is kept in the shared cache (``shared:`` keys) and each person's request fills the
holes with their own parts (``civicportal.core.personal``: one query for the person's
state per kind). A page that is not the same for everyone (not found or forbidden for
anonymous visitors, a token or cookie outside the personal parts) is marked ``NOT_SHARED``
for the lifetime and rendered for the person as before. These answers stay
``no-store, private`` (``civicportal.security``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language

from civicportal.core import content, personal

SKIPPED_PREFIXES = ("/admin/", "/konto/", "/static/", "/media/", "/sprache/", "/healthz")
CACHED_TYPES = ("text/html", "text/calendar", "application/atom+xml", "application/rss+xml")
CSRF_INPUT = b'name="csrfmiddlewaretoken"'
DROPPED_HEADERS = {"content-length", "set-cookie", "cache-control"}

#: Pages whose body is the same for everyone but the parts marked ``{% personal %}``:
#: signed-in people get them from the shared body plus their own parts.
SHARED_VIEWS = frozenset(
    {
        "home",
        "search",
        "initiatives:list",
        "initiatives:detail",
        "initiatives:events",
        "volunteering:list",
        "volunteering:detail",
        "funding:funded",
        "initiatives:events_ics",
        "initiatives:initiative_ics",
    }
)
#: Stored instead of a body when a shared view's page turned out not to be shareable.
NOT_SHARED = "not-shared"


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
            return _conditional(request, self._from_entry(entry))
        response = self.get_response(request)
        if not _response_cacheable(response):
            if response.status_code == 200 and not response.streaming:
                content.unstored(version, name)
            return response
        if _personal(request, response):
            content.unstored(version, name)
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

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """A signed-in person's page of a shared view: the shared body from the cache (or
        rendered once as an anonymous visitor's, with holes), their own parts filled in."""
        if not _shared_request(request):
            return None
        raw = f"{request.get_host()}|{request.get_full_path()}"
        name = f"shared:{get_language()}:" + hashlib.sha256(raw.encode()).hexdigest()
        version, entry = content.lookup(name)
        hit = entry is not None
        if not hit:
            entry = _render_shared(request, view_func, view_args, view_kwargs)
            if entry is None:
                return None  # nothing learnt (a 304 for this visitor): render as before
            if version:
                content.store(version, name, entry)
        if entry == NOT_SHARED:
            return None  # the view renders the page for the person as before
        body, headers = entry
        response = HttpResponse(personal.fill(request, body))
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "shared" if hit else "shared-miss"
        return _conditional(request, response)

    @staticmethod
    def _from_entry(entry) -> HttpResponse:
        body, headers = entry
        response = HttpResponse(body)
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return _public(response)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A stored answer with an ETag (the calendars) is a 304 for a client that has it."""
    if not response.has_header("ETag"):
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _shared_request(request: HttpRequest) -> bool:
    if content.lifetime() <= 0 or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # anonymous: the whole page comes from the page cache
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in SHARED_VIEWS:
        return False
    return request.user.is_authenticated


def _render_shared(request: HttpRequest, view_func, view_args, view_kwargs):
    """The page as an anonymous visitor gets it, with placeholders for the personal parts:
    ``(body, headers)``, ``None`` for a 304, or ``NOT_SHARED`` if it is not the same for
    everyone (not found
    or forbidden for anonymous visitors — an editor's unpublished page —, a redirect, a
    CSRF token or a cookie outside the personal parts, something kept in the session)."""
    user = request.user
    session = getattr(request, "session", None)
    modified = session.modified if session is not None else False
    needs_cookie = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    request.user = AnonymousUser()
    request.personal_holes = True
    try:
        response = view_func(request, *view_args, **view_kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    except (Http404, PermissionDenied):
        return NOT_SHARED
    finally:
        request.user = user
        request.personal_holes = False
    if response.status_code == 304:
        return None
    if (
        not _response_cacheable(response)
        or CSRF_INPUT in response.content
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") != needs_cookie
        or (session is not None and session.modified != modified)
    ):
        return NOT_SHARED
    headers = [
        (header, value)
        for header, value in response.headers.items()
        if header.lower() not in DROPPED_HEADERS
    ]
    return response.content.decode(response.charset), headers
