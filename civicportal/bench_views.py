"""Benchmark-only endpoints (mounted only when ``BENCH_ENDPOINTS=1``; see ``bench/``).

The empty view is the baseline of ``make bench``: a request that passes the full
middleware stack (sessions, CSRF, CSP, locale, auth, messages, …) but does no work of
its own. Production never mounts it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path


def empty(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"", content_type="text/plain")


urlpatterns = [path("bench/leer/", empty, name="bench_empty")]
