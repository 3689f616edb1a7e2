"""Filters of the public list of funded projects (django-filter)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from civicportal.core import search
from civicportal.core.choices import Other, load_choices
from civicportal.core.widgets import FastSelect, FastTextInput
from funding.models import Application, Call, Programme

# Old (English) parameter names of the funded projects' list and CSV, answered with a 301
# (civicportal.core.params).
RENAMED_PARAMETERS = {"year": "jahr", "programme": "programm"}


class FundedProjectFilter(django_filters.FilterSet):
    # Widgets rendered in Python (civicportal.core.widgets): the programme select has one
    # option per published programme, each a template include with Django's widgets.
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search", widget=FastTextInput)
    jahr = django_filters.ChoiceFilter(
        field_name="call__year", label=_("Jahr"), empty_label=_("alle Jahre"), widget=FastSelect
    )
    programm = django_filters.ChoiceFilter(
        method="filter_programme",
        widget=FastSelect,
        label=_("Programm"),
        empty_label=_("alle Programme"),
    )

    class Meta:
        model = Application
        fields = ["q", "jahr", "programm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Years of published calls with public projects and the published programmes, in
        # one query (civicportal.core.choices).
        choices = load_choices(
            municipalities=False,
            themes=False,
            others={
                "years": Other(
                    Call.objects.published().with_public_projects(),
                    key="year",
                    name="year",
                    newest_first=True,
                ),
                "programmes": Other(Programme.objects.published(), name="title"),
            },
        )
        self.programme_ids = choices.other_ids("programmes")
        self.filters["jahr"].extra["choices"] = choices.other_choices("years")
        self.filters["programm"].extra["choices"] = choices.other_choices("programmes")

    @property
    def searched(self) -> str:
        """The words searched for (``?q=``), when the form is valid."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def qs(self):
        """In list order (latest year, then title); with words, the best hits first (the
        ranking of /suche/), then latest year and title."""
        queryset = super().qs
        if self.searched:
            return queryset.order_by("-rank", "-call__year", "title", "pk")
        return queryset

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return search.matching(queryset, value)  # the portal's one search, ranked

    def filter_programme(self, queryset, name, value):
        pk = self.programme_ids.get(value)
        return queryset.filter(call__programme_id=pk) if pk else queryset
