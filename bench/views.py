"""The baseline of ``make bench``: an empty view (``/bench/leer/``).

A request to it passes the full middleware stack (sessions, CSRF, CSP, locale, auth,
messages, the page cache's lookup, …) but does no work of its own. Only installed with
``BENCH=1``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"", content_type="text/plain")
