"""Whole-page cache for anonymous visitors, invalidated when public content changes.

Anonymous GET pages are the same for every visitor except for the CSRF token of the
forms they contain (the language switch is a POST form on every page). The cache stores
the rendered page with the tokens replaced by a placeholder and puts a fresh token of
the visitor's own CSRF secret in on every hit, so ``CsrfViewMiddleware`` still sets and
checks the cookie as usual. There is no inline script, so no CSP nonce to vary.

What is cached: GET (and HEAD) answers with status 200 to requests without a session or
messages cookie, whose view stored nothing in the session or the messages, whose
response sets no cookie other than the CSRF cookie and is not marked private/no-store.
The key holds the path with its query string, the language (cookie) and a **content
version**.

Invalidation: saving or deleting public content (any model of ``core``, ``initiatives``,
``volunteering``, ``funding`` and ``civicportal`` except the personal and high-churn
ones in ``IGNORED_MODELS``) drops this process's pages at once and, when the transaction
commits, bumps the content version in the shared cache (the database cache of the
settings), so every other process drops its pages too; a process re-reads the version at
most every ``VERSION_CHECK_SECONDS``. Writes that bypass model signals (queryset
``update()``) and the counters of sign-ups (``Shift.taken``) are covered by the short
lifetime of an entry, ``PAGE_CACHE_SECONDS`` (30 s by default; 0 switches the cache off).

Pages live in a per-process memory cache: a hit costs no database query at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from functools import partial

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from civicportal.core import fragments

VERSION_KEY = "civicportal:page-cache:content-version"
VERSION_CHECK_SECONDS = 1.0
CONTENT_APPS = {"core", "initiatives", "organisations", "volunteering", "funding", "civicportal"}
IGNORED_MODELS = {
    "civicportal.ratelimitcounter",
    "core.user",
    "core.organisationmembership",
    "core.staffmembership",
    "initiatives.follow",
    "volunteering.signup",
    "volunteering.hoursentry",
    "volunteering.certificate",
    "volunteering.booking",
    "volunteering.volunteerprofile",
    "organisations.organisationinvitation",
    "funding.budgetitem",
    "funding.attachment",
    "funding.review",
    "funding.reviewassignment",
    "funding.statuschange",
    "funding.referencecounter",
    "funding.payment",
    "funding.proofofuse",
    "funding.actualcost",
}
# Only these counters change on a sign-up; the entry lifetime covers them.
COUNTER_ONLY_UPDATES = {"volunteering.shift": {"taken"}}
SKIPPED_PREFIXES = ("/admin/", "/konto/", "/static/", "/media/", "/sprache/", "/healthz")
CACHED_TYPES = ("text/html", "text/calendar", "application/atom+xml", "application/rss+xml")
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
PLACEHOLDER = b"__civicportal_csrf_token__"

# Set by bench/pages.py while it counts the queries of an uncached request.
BYPASS = False

_pages = LocMemCache("civicportal-pages", {"TIMEOUT": 30, "OPTIONS": {"MAX_ENTRIES": 3000}})
_version = {"value": "", "checked": 0.0}


def lifetime() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 30))


def content_version() -> str:
    now = time.monotonic()
    if now - _version["checked"] >= VERSION_CHECK_SECONDS or not _version["value"]:
        try:
            value = shared_cache.get(VERSION_KEY)
            if value is None:
                value = str(time.time_ns())
                shared_cache.add(VERSION_KEY, value, timeout=None)
                value = shared_cache.get(VERSION_KEY, value)
        except DatabaseError:
            value = ""  # no shared cache table: caching stays off (see is_cacheable)
        _version.update(value=value, checked=now)
    return _version["value"]


def bump_content_version() -> None:
    """Drop every cached page: in this process now, in the others (within
    ``VERSION_CHECK_SECONDS``) once the writing transaction has committed."""
    value = str(time.time_ns())
    _version.update(value=value, checked=time.monotonic())
    _pages.clear()
    fragments.clear()
    transaction.on_commit(partial(_publish_version, value))


def _publish_version(value: str) -> None:
    with contextlib.suppress(DatabaseError):  # no cache table: the lifetime still applies
        shared_cache.set(VERSION_KEY, value, timeout=None)


def clear() -> None:
    """Forget this process's pages, fragments and version (tests)."""
    _pages.clear()
    fragments.clear()
    _version.update(value="", checked=0.0)


def fragment_version() -> tuple[str, int]:
    """What ``civicportal.core.fragments`` keys pieces of personal pages by: the content
    version and the lifetime (an empty version while the cache is off or bypassed)."""
    seconds = lifetime()
    return (content_version() if seconds > 0 and not BYPASS else "", seconds)


def _is_content(sender, update_fields=None) -> bool:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS:
        return False
    label = meta.label_lower
    if label in IGNORED_MODELS:
        return False
    counters = COUNTER_ONLY_UPDATES.get(label)
    return not (counters and update_fields and set(update_fields) <= counters)


def _on_save(sender, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and _is_content(sender, update_fields):
        bump_content_version()


def _on_delete(sender, **kwargs) -> None:
    if _is_content(sender):
        bump_content_version()


def _on_m2m(sender, action, instance, **kwargs) -> None:
    if action.startswith("post_") and _is_content(type(instance)):
        bump_content_version()


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="civicportal.cache.save")
    post_delete.connect(_on_delete, dispatch_uid="civicportal.cache.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="civicportal.cache.m2m")


def _request_cacheable(request: HttpRequest) -> bool:
    if BYPASS or lifetime() <= 0 or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(SKIPPED_PREFIXES)


def _response_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHED_TYPES):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return set(response.cookies) <= {settings.CSRF_COOKIE_NAME}


def _request_changed_state(request: HttpRequest) -> bool:
    """The view stored something for this visitor (session data, a message): a cached copy
    would skip that for the next visitors. The session and messages middlewares run
    outside this one, so their cookies are not on the response yet."""
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    messages = getattr(request, "_messages", None)
    return bool(messages is not None and getattr(messages, "added_new", False))


def _key(request: HttpRequest, version: str) -> str:
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    raw = f"{version}|{language}|{request.get_host()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


class AnonymousPageCacheMiddleware:
    """Serve anonymous GET pages from memory (place it last in ``MIDDLEWARE``)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _request_cacheable(request):
            return self.get_response(request)
        version = content_version()
        if not version:
            return self.get_response(request)
        key = _key(request, version)
        entry = _pages.get(key)
        if entry is not None:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if (
            request.method == "GET"
            and _response_cacheable(response)
            and not _request_changed_state(request)
        ):
            content = CSRF_INPUT.sub(rb"\1" + PLACEHOLDER + rb"\2", response.content)
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in ("content-length", "set-cookie")
            ]
            _pages.set(key, (content, headers), timeout=lifetime())
        return response

    @staticmethod
    def _from_entry(request: HttpRequest, entry) -> HttpResponse:
        content, headers = entry
        if PLACEHOLDER in content:
            content = content.replace(PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
