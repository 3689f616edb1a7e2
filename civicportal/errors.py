"""Error views: German pages in the portal's design that reveal no internals.

Django's default 400/403/404 views already render ``400.html``/``403.html``/``404.html``
with the request context. The 500 view is replaced because Django's renders without a
request (no navigation, no language); if even the full page fails (the database is down,
a template is broken), a static German page without any detail is sent.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from civicportal.continuity import keep_after_csrf_failure

logger = logging.getLogger(__name__)

FALLBACK_500 = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Technischer Fehler</title></head>
<body><main><h1>Entschuldigung, hier ist etwas schiefgegangen.</h1>
<p>Bitte versuche es in ein paar Minuten noch einmal.
<a href="/">Zur Startseite</a></p></main></body></html>"""


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    try:
        content = render_to_string(template_name, {}, request=request)
    except Exception:  # the error page must never fail itself
        logger.exception("The 500 page could not be rendered; sent the static fallback.")
        content = FALLBACK_500
    return HttpResponseServerError(content)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check (expired form, cookies off): the portal's 403 page, no reason.
    What the person typed is kept and offered back at the form's address."""
    kept = keep_after_csrf_failure(request)
    context = {"csrf_failure": True, "kept_path": request.path if kept else ""}
    content = render_to_string("403.html", context, request=request)
    return HttpResponseForbidden(content)
