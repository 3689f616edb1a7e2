"""Views of the portal's top: home page, health check and legal pages."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from civicportal.core.models import Municipality
from initiatives.models import Initiative

HOME_INITIATIVES = 6


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    initiatives = list(
        Initiative.objects.current()
        .top_level()
        .for_listing()
        .order_by("-start_date", "title")[:HOME_INITIATIVES]
    )
    municipalities = list(Municipality.objects.order_by("name"))
    return render(
        request,
        "civicportal/home.html",
        {"initiatives": initiatives, "municipalities": municipalities},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"database": "ok"}`` when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})


LEGAL_TEMPLATES = {
    "imprint": "civicportal/legal/imprint.html",
    "privacy": "civicportal/legal/privacy.html",
    "accessibility": "civicportal/legal/accessibility.html",
}


@require_GET
def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    template = LEGAL_TEMPLATES.get(page)
    if template is None:
        raise Http404
    context = {
        "operator": {
            "name": settings.SITE_OPERATOR_NAME,
            "address": settings.SITE_OPERATOR_ADDRESS,
            "email": settings.SITE_OPERATOR_EMAIL,
        },
        "municipalities": Municipality.objects.order_by("name"),
    }
    return render(request, template, context)
