"""Filters of the public list of funded projects (django-filter)."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery
from django.utils.translation import gettext_lazy as _

from civicportal.core.widgets import FastSelect, FastTextInput
from funding.models import Application, Call, Programme


class FundedProjectFilter(django_filters.FilterSet):
    # Widgets rendered in Python (civicportal.core.widgets): the programme select has one
    # option per published programme, each a template include with Django's widgets.
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search", widget=FastTextInput)
    year = django_filters.ChoiceFilter(
        field_name="call__year", label=_("Jahr"), empty_label=_("alle Jahre"), widget=FastSelect
    )
    programme = django_filters.ModelChoiceFilter(
        field_name="call__programme",
        queryset=Programme.objects.published().order_by("title").only("slug", "title"),
        widget=FastSelect,
        to_field_name="slug",
        label=_("Programm"),
        empty_label=_("alle Programme"),
    )

    class Meta:
        model = Application
        fields = ["q", "year", "programme"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Call.objects.funded_years()
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years]

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(
            search_vector=SearchQuery(value, config="german", search_type="websearch")
        )
