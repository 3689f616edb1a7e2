"""Planted forms for the form gate's self-test: one that fails with a 500 on long input,
one that redirects on error (dropping what was typed), one that writes a row before it
refuses, and a good one."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import include, path

from civicportal.core.models import Theme

PAGE = engines["django"].from_string(
    '<main><form method="post">{{ form }}<button>Senden</button></form></main>'
)


class PlantedForm(forms.Form):
    title = forms.CharField(max_length=20)
    count = forms.IntegerField(max_value=100)


def _page(request, form, status=200):
    return HttpResponse(PAGE.render({"form": form}, request), status=status)


def boom(request):
    form = PlantedForm(request.POST or None)
    if request.method == "POST" and len(request.POST.get("title", "")) > 20:
        raise RuntimeError("value too long for type character varying(20)")
    return _page(request, form, 422 if form.is_bound else 200)


def drops(request):
    form = PlantedForm(request.POST or None)
    if request.method == "POST":
        return HttpResponseRedirect("/drops/")  # „Bitte prüfe deine Eingaben“ – and all gone
    return _page(request, form)


def half(request):
    form = PlantedForm(request.POST or None)
    if request.method == "POST":
        Theme.objects.create(name=f"planted {Theme.objects.count()}", slug="planted")
        if not form.is_valid():
            return _page(request, form, 422)
        return HttpResponseRedirect("/half/")
    return _page(request, form)


def good(request):
    form = PlantedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect("/good/")
    return _page(request, form, 422 if form.is_bound else 200)


urlpatterns = [
    path("boom/", boom),
    path("drops/", drops),
    path("half/", half),
    path("good/", good),
    path("", include("civicportal.urls")),  # the portal's names, which its middleware reverses
]
