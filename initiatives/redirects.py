"""Former addresses of initiatives keep working: a 404 under ``/initiativen/<slug>/``
whose slug an initiative had before (``SlugRedirect``) becomes a permanent redirect to
the same page under the current slug (sub-pages such as ``ideen/`` included)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from initiatives.models import SlugRedirect

_PATH = re.compile(r"^/initiativen/(?P<slug>[-a-zA-Z0-9_]+)/(?P<rest>.*)$")


class SlugRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in {"GET", "HEAD"}:
            return response
        match = _PATH.match(request.path)
        if match is None:
            return response
        redirect = (
            SlugRedirect.objects.filter(old_slug=match["slug"])
            .select_related("initiative")
            .only("initiative__slug")
            .first()
        )
        if redirect is None or redirect.initiative.slug == match["slug"]:
            return response
        target = f"/initiativen/{redirect.initiative.slug}/{match['rest']}"
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(target)
