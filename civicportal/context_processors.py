"""Template context shared by every page: navigation state and the site's name."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

#: URL names whose navigation section is not their namespace: the calendar lives in the
#: initiatives app but has its own item („Termine“) in the main navigation.
NAV_SECTIONS = {
    "initiatives:events": "events",
    "initiatives:event": "events",
}


def nav_section(match) -> str:
    """The main navigation item a page belongs to (marked with aria-current)."""
    if match is None:
        return ""
    return NAV_SECTIONS.get(match.view_name) or match.namespace or match.url_name or ""


def portal(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_OPERATOR_EMAIL": settings.SITE_OPERATOR_EMAIL,
        "nav_section": nav_section(getattr(request, "resolver_match", None)),
    }
