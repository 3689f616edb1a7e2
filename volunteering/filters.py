"""The filters of the opportunity list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.widgets import FastCheckboxInput, FastSelect, FastTextInput
from volunteering.choices import filter_choices
from volunteering.models import (
    DAYPARTS,
    WEEKDAYS,
    Daypart,
    Opportunity,
    Suitability,
    slot_bit,
)

MAX_DISTRICT_CHOICES = 60


class OpportunityFilter(django_filters.FilterSet):
    """Filters of /engagement/. Choice lists come from a process cache (no queries)."""

    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search", widget=FastTextInput)
    theme = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Thema"), method="filter_theme", empty_label=_("alle Themen")
    )
    municipality = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kommune"),
        method="filter_municipality",
        empty_label=_("alle Kommunen"),
    )
    district = django_filters.NumberFilter(
        label=_("Stadtbezirk"), method="filter_district", widget=FastSelect
    )
    skill = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Fähigkeit"),
        method="filter_skill",
        empty_label=_("alle Fähigkeiten"),
    )
    time_commitment = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Zeitaufwand"),
        choices=Opportunity.TimeCommitment.choices,
        empty_label=_("egal"),
    )
    weekday = django_filters.MultipleChoiceFilter(
        label=_("Wochentag"),
        choices=[(str(day), name) for day, name in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        method="filter_slots",
    )
    daypart = django_filters.MultipleChoiceFilter(
        label=_("Tageszeit"),
        choices=Daypart.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_slots",
    )
    suitability = django_filters.MultipleChoiceFilter(
        label=_("Geeignet"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_suitability",
    )
    remote = django_filters.BooleanFilter(
        label=_("von zu Hause aus möglich"),
        widget=FastCheckboxInput,
        method="filter_remote",
    )
    open = django_filters.BooleanFilter(
        label=_("nur mit freien Plätzen"),
        widget=FastCheckboxInput,
        method="filter_open",
    )

    class Meta:
        model = Opportunity
        fields = ["q", "theme", "municipality", "district", "skill", "time_commitment"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.choices = filter_choices()
        self.filters["theme"].extra["choices"] = self.choices.themes
        self.filters["skill"].extra["choices"] = self.choices.skills
        self.filters["municipality"].extra["choices"] = self.choices.municipalities
        self.form.fields["district"].widget.choices = [
            ("", _("alle Stadtbezirke")),
            *self._district_choices(),
        ]

    def _district_choices(self) -> list[tuple[str, str]]:
        """Districts of the chosen municipality; all of them only while that list is short
        (50 cities with their districts would make every page heavy)."""
        municipality = self.data.get("municipality") if self.data else None
        if municipality:
            return self.choices.districts_by_municipality.get(municipality, [])
        if len(self.choices.districts) <= MAX_DISTRICT_CHOICES:
            return self.choices.districts
        return []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = SearchQuery(value, config="german", search_type="websearch")
        # Newest first, like the unfiltered list: ranking every hit of a common word
        # would sort thousands of rows per request.
        return queryset.filter(search_vector=query)

    def filter_theme(self, queryset, name, value):
        pk = self.choices.theme_ids.get(value)
        return queryset.filter(theme_ids__contains=[pk]) if pk else queryset

    def filter_skill(self, queryset, name, value):
        pk = self.choices.skill_ids.get(value)
        return queryset.filter(skill_ids__contains=[pk]) if pk else queryset

    def filter_municipality(self, queryset, name, value):
        pk = self.choices.municipality_ids.get(value)
        return queryset.filter(municipality_id=pk) if pk else queryset

    def filter_district(self, queryset, name, value):
        return queryset.filter(district_id=int(value)) if value is not None else queryset

    def filter_slots(self, queryset, name, value):
        # weekday and daypart combine into one mask; apply once (on the weekday pass, or
        # on the daypart pass when no weekday was chosen).
        data = self.form.cleaned_data
        weekdays = [int(day) for day in data.get("weekday") or []]
        dayparts = list(data.get("daypart") or [])
        if name == "daypart" and weekdays:
            return queryset
        mask = 0
        for weekday in weekdays or range(7):
            for daypart in dayparts or DAYPARTS:
                mask |= slot_bit(weekday, daypart)
        return queryset.filter(GreaterThan(F("slot_mask").bitand(mask), 0))

    def filter_suitability(self, queryset, name, value):
        return queryset.filter(suitability__contains=list(value)) if value else queryset

    def filter_remote(self, queryset, name, value):
        return queryset.filter(is_remote=True) if value else queryset

    def filter_open(self, queryset, name, value):
        return queryset.filter(open_until__gt=timezone.now()) if value else queryset
