"""Views of the initiatives part: thin, reads through QuerySet methods."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from initiatives.models import Initiative

PAGE_SIZE = 20


@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = Initiative.objects.published().top_level().for_listing().order_by("title")
    page_obj = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/list.html", {"page_obj": page_obj})


@require_GET
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published().for_listing(), slug=slug)
    return render(request, "initiatives/detail.html", {"initiative": initiative})
