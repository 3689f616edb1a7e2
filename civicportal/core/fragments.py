"""Rendered pieces of personal pages, reused while nothing they depend on changes.

An app calls :func:`fragment` with the parts the piece depends on besides public content
(the person, the state of their own data). The key adds the **content version** and the
language; the version comes from the page cache of the top package
(``civicportal.cache``), which registers itself through :func:`use_content_version` in
``CivicportalConfig.ready()`` — this module imports nothing above ``civicportal.core``.
Until a version source is registered (or while it answers ``""``: cache off, no cache
table), the piece is rendered every time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_fragments = LocMemCache("civicportal-fragments", {"TIMEOUT": 30, "OPTIONS": {"MAX_ENTRIES": 2000}})
_source: dict[str, Callable[[], tuple[str, int]]] = {}


def use_content_version(source: Callable[[], tuple[str, int]]) -> None:
    """Register the function answering ``(content version, lifetime in seconds)``."""
    _source["version"] = source


def clear() -> None:
    """Forget every stored piece (the content changed, or a test starts)."""
    _fragments.clear()


def fragment(parts: tuple, render: Callable[[], str]) -> SafeString:
    """The piece ``render()`` returns, kept for the page cache's lifetime under ``parts``.

    ``parts`` must name everything the piece depends on besides public content. The piece
    must not contain a CSRF token or anything else that differs per request.
    """
    source = _source.get("version")
    version, seconds = source() if source is not None else ("", 0)
    if not version or seconds <= 0:
        return mark_safe(render())  # our own rendered template
    raw = "|".join([version, get_language() or "", *map(str, parts)])
    key = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    html = _fragments.get(key)
    if html is None:
        html = render()
        _fragments.set(key, html, timeout=seconds)
    return mark_safe(html)  # our own rendered template
