"""The filters of the opportunity list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core import search
from civicportal.core.choices import Other, load_choices
from civicportal.core.paging import CAP
from civicportal.core.widgets import FastCheckboxInput, FastSelect, FastTextInput
from volunteering.models import (
    DAYPARTS,
    WEEKDAYS,
    Daypart,
    Opportunity,
    Skill,
    Suitability,
    slot_bit,
)

# Old (English) parameter names of /engagement/, answered with a 301 (civicportal.core.params).
RENAMED_PARAMETERS = {
    "theme": "thema",
    "municipality": "kommune",
    "district": "bezirk",
    "skill": "faehigkeit",
    "time_commitment": "zeitaufwand",
    "weekday": "wochentag",
    "daypart": "tageszeit",
    "suitability": "geeignet",
    "remote": "zuhause",
    "open": "freie_plaetze",
}


class OpportunityFilter(django_filters.FilterSet):
    """Filters of /engagement/. Choice lists come from ``civicportal.core.choices`` (one
    query for all of them)."""

    q = django_filters.CharFilter(label=_("Suchbegriff"), method="search", widget=FastTextInput)
    thema = django_filters.ChoiceFilter(
        widget=FastSelect, label=_("Thema"), method="filter_theme", empty_label=_("alle Themen")
    )
    kommune = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Kommune"),
        method="filter_municipality",
        empty_label=_("alle Kommunen"),
    )
    bezirk = django_filters.NumberFilter(
        label=_("Stadtbezirk"), method="filter_district", widget=FastSelect
    )
    faehigkeit = django_filters.ChoiceFilter(
        widget=FastSelect,
        label=_("Fähigkeit"),
        method="filter_skill",
        empty_label=_("alle Fähigkeiten"),
    )
    zeitaufwand = django_filters.ChoiceFilter(
        field_name="time_commitment",
        widget=FastSelect,
        label=_("Zeitaufwand"),
        choices=Opportunity.TimeCommitment.choices,
        empty_label=_("egal"),
    )
    wochentag = django_filters.MultipleChoiceFilter(
        label=_("Wochentag"),
        choices=[(str(day), name) for day, name in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        method="filter_slots",
    )
    tageszeit = django_filters.MultipleChoiceFilter(
        label=_("Tageszeit"),
        choices=Daypart.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_slots",
    )
    geeignet = django_filters.MultipleChoiceFilter(
        label=_("Geeignet"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_suitability",
    )
    zuhause = django_filters.BooleanFilter(
        label=_("von zu Hause aus möglich"),
        widget=FastCheckboxInput,
        method="filter_remote",
    )
    freie_plaetze = django_filters.BooleanFilter(
        label=_("nur mit freien Plätzen"),
        widget=FastCheckboxInput,
        method="filter_open",
    )

    class Meta:
        model = Opportunity
        fields = ["q", "thema", "kommune", "bezirk", "faehigkeit", "zeitaufwand"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        data = self.data or {}
        # Districts: those of the chosen municipality, all of them only while that list is
        # short (50 cities with their districts would make every page heavy).
        self.choices = load_choices(
            districts=True,
            municipality=data.get("kommune") or None,
            district=data.get("bezirk") or None,
            others={"skills": Other(Skill.objects.all())},
        )
        self.theme_ids = self.choices.theme_ids()
        self.skill_ids = self.choices.other_ids("skills")
        self.municipality_ids = self.choices.municipality_ids()
        self.filters["thema"].extra["choices"] = self.choices.theme_choices()
        self.filters["faehigkeit"].extra["choices"] = self.choices.other_choices("skills")
        self.filters["kommune"].extra["choices"] = self.choices.municipality_choices()
        self.form.fields["bezirk"].widget.choices = [
            ("", _("alle Stadtbezirke")),
            *self.choices.district_choices(),
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The portal's one search (the same query as /suche/); ``qs`` ranks the hits as
        # /suche/ does.
        return search.matching(queryset, value, rank=False)

    @property
    def searched(self) -> str:
        """The words searched for (``?q=``), when the form is valid."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return (self.form.cleaned_data.get("q") or "").strip()

    @property
    def qs(self):
        """Newest first; with words, the best hits first (as on /suche/), then newest."""
        if self.searched:
            # the candidates /suche/ ranks (its first 1,001 matches), best first
            candidates = search.first_matches(super().qs, self.searched, CAP + 1)
            return candidates.order_by("-rank", "-created_at", "id")
        return super().qs.order_by("-created_at", "id")

    def filter_theme(self, queryset, name, value):
        pk = self.theme_ids.get(value)
        return queryset.filter(theme_ids__contains=[pk]) if pk else queryset

    def filter_skill(self, queryset, name, value):
        pk = self.skill_ids.get(value)
        return queryset.filter(skill_ids__contains=[pk]) if pk else queryset

    def filter_municipality(self, queryset, name, value):
        pk = self.municipality_ids.get(value)
        return queryset.filter(municipality_id=pk) if pk else queryset

    def filter_district(self, queryset, name, value):
        return queryset.filter(district_id=int(value)) if value is not None else queryset

    def filter_slots(self, queryset, name, value):
        # weekday and daypart combine into one mask; apply once (on the weekday pass, or
        # on the daypart pass when no weekday was chosen).
        data = self.form.cleaned_data
        weekdays = [int(day) for day in data.get("wochentag") or []]
        dayparts = list(data.get("tageszeit") or [])
        if name == "tageszeit" and weekdays:
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
