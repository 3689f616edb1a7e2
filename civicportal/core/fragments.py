"""Rendered pieces of personal pages, reused while nothing they depend on changes.

An app calls :func:`fragment` with the parts the piece depends on besides public content
(the person, the state of their own data). The piece is kept in the shared cache under the
**content version** (``civicportal.core.content``) and the language, for the page cache's
lifetime (``PAGE_CACHE_SECONDS``; 0 renders the piece every time).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from civicportal.core import content


def fragment(parts: tuple, render: Callable[[], str]) -> SafeString:
    """The piece ``render()`` returns, kept for the page cache's lifetime under ``parts``.

    ``parts`` must name everything the piece depends on besides public content. The piece
    must not contain a CSRF token or anything else that differs per request.
    """
    if content.lifetime() <= 0:
        return mark_safe(render())  # our own rendered template
    raw = "|".join([get_language() or "", *map(str, parts)])
    name = "fragment:" + hashlib.sha256(raw.encode()).hexdigest()
    version, html = content.lookup(name)
    if html is None:
        html = render()
        content.store(version, name, html)
    return mark_safe(html)  # our own rendered template
