"""The filters of the opportunity list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import District, Municipality, Theme
from volunteering.models import (
    DAYPARTS,
    WEEKDAYS,
    Daypart,
    Opportunity,
    Skill,
    Suitability,
    slot_bit,
)


class OpportunityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("alle Themen"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        empty_label=_("alle Kommunen"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Stadtbezirk"),
        queryset=District.objects.select_related("municipality"),
        empty_label=_("alle Stadtbezirke"),
    )
    skill = django_filters.ModelChoiceFilter(
        label=_("Fähigkeit"),
        queryset=Skill.objects.all(),
        to_field_name="slug",
        method="filter_skill",
        empty_label=_("alle Fähigkeiten"),
    )
    time_commitment = django_filters.ChoiceFilter(
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
        widget=forms.CheckboxInput,
        method="filter_remote",
    )
    open = django_filters.BooleanFilter(
        label=_("nur mit freien Plätzen"),
        widget=forms.CheckboxInput,
        method="filter_open",
    )

    class Meta:
        model = Opportunity
        fields = ["q", "theme", "municipality", "district", "skill", "time_commitment"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        query = SearchQuery(value, config="german", search_type="websearch")
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-created_at", "id")
        )

    def filter_theme(self, queryset, name, value):
        return queryset.filter(theme_ids__contains=[value.pk]) if value else queryset

    def filter_skill(self, queryset, name, value):
        return queryset.filter(skill_ids__contains=[value.pk]) if value else queryset

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
