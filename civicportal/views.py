"""Views of the portal's top: home page, health check, legal and BITV pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from civicportal.core.models import Municipality
from civicportal.forms import BarrierReportForm
from civicportal.models import AccessibilityContact, SignLanguageVideo, fallback_feedback_email
from civicportal.services import report_barrier
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
}


def _operator() -> dict:
    return {
        "name": settings.SITE_OPERATOR_NAME,
        "address": settings.SITE_OPERATOR_ADDRESS,
        "email": settings.SITE_OPERATOR_EMAIL,
    }


@require_GET
def legal_page(request: HttpRequest, page: str) -> HttpResponse:
    template = LEGAL_TEMPLATES.get(page)
    if template is None:
        raise Http404
    context = {"operator": _operator(), "municipalities": Municipality.objects.order_by("name")}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (BITV 2.0 § 7) with its feedback form."""
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if form.is_valid():
            report_barrier(**form.cleaned_data, user=request.user)
            messages.success(
                request,
                _(
                    "Danke! Deine Meldung ist angekommen und wurde an die zuständige Stelle "
                    "weitergeleitet."
                ),
            )
            return redirect(reverse("accessibility") + "#barriere-melden")
    else:
        form = BarrierReportForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    context = {
        "operator": _operator(),
        "form": form,
        "contacts": AccessibilityContact.objects.select_related("municipality").order_by(
            "municipality__name"
        ),
        "fallback_email": fallback_feedback_email(),
    }
    return render(request, "civicportal/legal/accessibility.html", context)


@require_GET
def easy_language(request: HttpRequest) -> HttpResponse:
    """The portal explained in Leichte Sprache (BITV 2.0 § 4)."""
    return render(request, "civicportal/bitv/easy_language.html")


@require_GET
def sign_language(request: HttpRequest) -> HttpResponse:
    """The portal explained in German Sign Language (BITV 2.0 § 4): the video an editor
    set in the admin, or the text version while the video is being prepared."""
    video = SignLanguageVideo.objects.published().first()
    return render(request, "civicportal/bitv/sign_language.html", {"video": video})
