"""Views of the portal's top: home page, health check, legal and BITV pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from civicportal import search as portal_search
from civicportal import statement
from civicportal.core.models import Municipality
from civicportal.core.paging import CappedPage
from civicportal.core.params import PAGE_RENAMES, renamed_query_parameters
from civicportal.enforcement import FEDERAL, EnforcementBody, body_for_state
from civicportal.forms import BarrierReportForm, SearchForm
from civicportal.models import AccessibilityContact, SignLanguageVideo, fallback_feedback_email
from civicportal.services import report_barrier
from funding.models import Call
from initiatives.models import Event, Initiative
from volunteering.models import Opportunity

HOME_INITIATIVES = 6
HOME_OPPORTUNITIES = 6
HOME_CALLS = 4
HOME_EVENTS = 5
MUNICIPALITY_SESSION_KEY = "portal_municipality"
ALL_MUNICIPALITIES = "alle"


def remembered_municipality(
    request: HttpRequest, municipalities: list[Municipality]
) -> Municipality | None:
    """The municipality chosen with ``?kommune=`` (remembered in the session, an essential
    cookie) or remembered from an earlier visit; ``None`` means all."""
    by_slug = {m.slug: m for m in municipalities}
    chosen = request.GET.get("kommune")
    if chosen is not None:
        slug = chosen if chosen in by_slug else ALL_MUNICIPALITIES
        if request.session.get(MUNICIPALITY_SESSION_KEY, ALL_MUNICIPALITIES) != slug:
            request.session[MUNICIPALITY_SESSION_KEY] = slug
        return by_slug.get(slug)
    return by_slug.get(request.session.get(MUNICIPALITY_SESSION_KEY, ALL_MUNICIPALITIES))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What is happening now: current initiatives, open opportunities with places left, open
    funding calls with their deadlines and upcoming events, for the chosen municipality.

    A fixed number of queries: the session, the municipalities, one per section (plus the
    initiatives' SDG badges), whatever the number of rows.
    """
    municipalities = list(Municipality.objects.order_by("name"))
    municipality = remembered_municipality(request, municipalities)

    def scoped(queryset, path: str = "municipality"):
        return queryset if municipality is None else queryset.filter(**{path: municipality})

    initiatives = scoped(Initiative.objects.current().top_level().for_cards()).order_by(
        "-start_date", "title"
    )[:HOME_INITIATIVES]
    opportunities = (
        scoped(Opportunity.objects.open().for_listing())
        .filter(places_left__gt=0)
        .order_by("next_open_start", "pk")[:HOME_OPPORTUNITIES]
    )
    calls = (
        scoped(Call.objects.published().open_at(), "programme__municipality")
        .with_totals()
        .select_related("programme__municipality")
        .order_by("closes_at", "pk")[:HOME_CALLS]
    )
    events = (
        scoped(Event.objects.published().upcoming())
        .select_related("municipality", "initiative")
        .order_by("starts_at", "pk")[:HOME_EVENTS]
    )
    context = {
        "municipalities": municipalities,
        "municipality": municipality,
        "initiatives": list(initiatives),
        "opportunities": list(opportunities),
        "calls": list(calls),
        "events": list(events),
    }
    return render(request, "civicportal/home.html", context)


@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def search(request: HttpRequest) -> HttpResponse:
    """One search over initiatives, news, events, opportunities, organisations and funded
    projects (``?q=``; ``art`` narrows to one kind, ``kommune`` to one municipality)."""
    municipalities = list(Municipality.objects.order_by("name"))
    municipality = remembered_municipality(request, municipalities)
    data = request.GET.copy()
    data.setdefault("kommune", municipality.slug if municipality else "")
    form = SearchForm(data, kinds=portal_search.KINDS, municipalities=municipalities)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = portal_search.search(
            form.cleaned_data["q"],
            kind_key=form.cleaned_data["art"],
            municipality=form.cleaned_data["kommune"],
            page=form.cleaned_data["seite"] or 1,
        )
    context = {
        "form": form,
        "results": results,
        "municipality": form.cleaned_data.get("kommune") if form.is_valid() else None,
        "page_obj": _search_page(results) if results and results.kind else None,
        "count_cap": portal_search.COUNT_CAP,
    }
    return render(request, "civicportal/search.html", context)


def _search_page(results: portal_search.Results) -> CappedPage:
    """The one kind's page of hits, for ``includes/pagination.html``."""
    group = next(g for g in results.groups if g.kind is results.kind)
    return CappedPage.of(
        group.hits,
        number=results.page,
        per_page=portal_search.PAGE_SIZE,
        total=group.count,
        cap=portal_search.COUNT_CAP,
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


@never_cache
@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch: a plain link, ``/sprache/en/?next=/initiativen/``.

    Being a link (not a POST form), it puts no CSRF token into the pages, so anonymous pages
    differ only by URL and language and can be shared by every visitor (civicportal/cache.py).
    Choosing a language changes nothing but this visitor's cookie."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


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
    gaps = list(statement.GAPS)
    if not SignLanguageVideo.objects.published().exists():
        gaps.append(statement.SIGN_LANGUAGE_GAP)
    context = {
        "operator": _operator(),
        "form": form,
        "contacts": AccessibilityContact.objects.select_related("municipality").order_by(
            "municipality__name"
        ),
        "fallback_email": fallback_feedback_email(),
        "statement": statement,
        "gaps": gaps,
        "enforcement": _enforcement_bodies(),
    }
    return render(request, "civicportal/legal/accessibility.html", context)


def _enforcement_bodies() -> list[tuple[Municipality, EnforcementBody, bool]]:
    """Each municipality with the enforcement body of its state (``True``), or the federal
    arbitration board where the portal knows no state body (``False``)."""
    bodies = []
    for municipality in Municipality.objects.order_by("name"):
        body = body_for_state(municipality.state)
        bodies.append((municipality, body or FEDERAL, body is not None))
    return bodies


@require_GET
def easy_language(request: HttpRequest) -> HttpResponse:
    """The portal explained in Leichte Sprache (BITV 2.0 § 4)."""
    context = {
        "enforcement": _enforcement_bodies(),
        "sign_language_video": SignLanguageVideo.objects.published().exists(),
    }
    return render(request, "civicportal/bitv/easy_language.html", context)


@require_GET
def sign_language(request: HttpRequest) -> HttpResponse:
    """The portal explained in German Sign Language (BITV 2.0 § 4): the video an editor
    set in the admin, or the text version while the video is being prepared."""
    video = SignLanguageVideo.objects.published().first()
    return render(request, "civicportal/bitv/sign_language.html", {"video": video})
