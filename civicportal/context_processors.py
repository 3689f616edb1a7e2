"""Template context shared by every page: navigation state and the site's name."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    match = getattr(request, "resolver_match", None)
    namespace = match.namespace if match else ""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_OPERATOR_EMAIL": settings.SITE_OPERATOR_EMAIL,
        "nav_section": namespace or (match.url_name if match else ""),
    }
