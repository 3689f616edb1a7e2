"""FilterSets of the initiatives part: all list input goes through these."""

from __future__ import annotations

import django_filters
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.choices import load_choices
from civicportal.core.models import District
from civicportal.core.widgets import FastCheckboxInput, FastSelect, FastTextInput
from initiatives.models import Initiative


class InitiativeFilter(django_filters.FilterSet):
    SORT_CHOICES = [
        ("relevanz", _("Relevanz")),
        ("titel", _("Titel (A–Z)")),
        ("neueste", _("neueste zuerst")),
        ("kommune", _("Kommune")),
    ]

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Suchbegriff"),
        widget=FastTextInput(attrs={"type": "search"}),
    )
    # Choice lists come from ``civicportal.core.choices.load_choices`` (one query for all four);
    # the filters compare slugs and numbers directly, so no lookup query per chosen value.
    kommune = django_filters.ChoiceFilter(
        widget=FastSelect,
        field_name="municipality__slug",
        label=_("Kommune"),
        empty_label=_("alle Kommunen"),
    )
    thema = django_filters.ChoiceFilter(
        widget=FastSelect, field_name="themes__slug", label=_("Thema"), empty_label=_("alle Themen")
    )
    sdg = django_filters.ChoiceFilter(
        widget=FastSelect,
        field_name="sdgs__number",
        label=_("Nachhaltigkeitsziel (SDG)"),
        empty_label=_("alle Ziele"),
    )
    bezirk = django_filters.ChoiceFilter(
        widget=FastSelect,
        field_name="districts",
        label=_("Stadtbezirk/Stadtteil"),
        empty_label=_("alle"),
    )
    status = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=Initiative.Status.choices,
        label=_("Status"),
        empty_label=_("alle"),
    )
    beteiligung = django_filters.BooleanFilter(
        label=_("nur mit laufender Beteiligung"),
        widget=FastCheckboxInput,
        method="filter_participation",
    )
    sortierung = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=SORT_CHOICES,
        method="filter_sort",
        label=_("Sortierung"),
        empty_label=None,
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        data = self.data or {}
        self.choices = load_choices(
            sdgs=True,
            districts=True,
            municipality=data.get("kommune") or None,
            district=data.get("bezirk") or None,
        )
        self.filters["kommune"].extra["choices"] = self.choices.municipality_choices()
        self.filters["thema"].extra["choices"] = self.choices.theme_choices()
        self.filters["sdg"].extra["choices"] = self.choices.sdg_choices()
        self.filters["bezirk"].extra["choices"] = self.choices.district_choices()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.search(value)

    def filter_participation(self, queryset, name, value):
        if not value:
            return queryset
        if "participation_open" not in queryset.query.annotations:
            queryset = queryset.with_participation_open()
        return queryset.filter(participation_open=True)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``qs``

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        sort = data.get("sortierung") or ""
        searching = bool((data.get("q") or "").strip())
        if not searching and not data.get("bezirk"):
            # sub-projects show on their initiative's page; a search or a borough (where
            # the sub-projects of a city-wide programme live) lists them, too
            queryset = queryset.filter(parent__isnull=True)
        if sort == "titel" or (sort in {"", "relevanz"} and not searching):
            return queryset.order_by("title", "pk")
        if sort == "neueste":
            return queryset.order_by(F("start_date").desc(nulls_last=True), "title", "pk")
        if sort == "kommune":
            return queryset.order_by("municipality__name", "title", "pk")
        return queryset.order_by("-rank", "title", "pk")


class EventFilter(django_filters.FilterSet):
    WHEN_CHOICES = [
        ("kommende", _("kommende Termine")),
        ("vergangene", _("vergangene Termine")),
        ("alle", _("alle Termine")),
    ]

    zeitraum = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=WHEN_CHOICES,
        method="filter_when",
        label=_("Zeitraum"),
        empty_label=None,
    )
    kommune = django_filters.ChoiceFilter(
        widget=FastSelect,
        field_name="municipality__slug",
        label=_("Kommune"),
        empty_label=_("alle Kommunen"),
    )
    thema = django_filters.ChoiceFilter(
        widget=FastSelect,
        field_name="initiative__themes__slug",
        label=_("Thema"),
        empty_label=_("alle Themen"),
    )
    fortbildung = django_filters.BooleanFilter(
        field_name="is_training",
        label=_("nur Qualifizierungsangebote"),
        widget=FastCheckboxInput,
        method="filter_training",
    )

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.choices = load_choices()
        self.filters["kommune"].extra["choices"] = self.choices.municipality_choices()
        self.filters["thema"].extra["choices"] = self.choices.theme_choices()

    def filter_when(self, queryset, name, value):
        return queryset  # applied in ``qs`` so the default works for unbound forms, too

    def filter_training(self, queryset, name, value):
        return queryset.filter(is_training=True) if value else queryset

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        when = data.get("zeitraum") or "kommende"
        now = timezone.now()
        if when == "kommende":
            return queryset.upcoming().order_by("starts_at", "pk")
        if when == "vergangene":
            return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
        return queryset.order_by("starts_at", "pk")


ANSWER_FILTER_CHOICES = [
    ("keine", _("noch keine Antwort")),
    ("in-pruefung", _("in Prüfung")),
    ("angenommen", _("angenommen")),
    ("umgesetzt", _("umgesetzt")),
    ("abgelehnt", _("abgelehnt")),
    ("zurueckgezogen", _("zurückgezogen")),
]
ANSWER_FILTER_VALUES = {
    "keine": "",
    "in-pruefung": "under_review",
    "angenommen": "adopted",
    "umgesetzt": "implemented",
    "abgelehnt": "not_adopted",
}


class IdeaFilter(django_filters.FilterSet):
    """The ideas of one initiative: words (the portal's one search), district, official
    answer, „meine Ideen“. Pass ``initiative`` and ``user``."""

    SORT_CHOICES = [
        ("neueste", _("neueste zuerst")),
        ("unterstuetzung", _("meiste Unterstützung")),
    ]

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Suchbegriff"),
        widget=FastTextInput(attrs={"type": "search"}),
    )
    bezirk = django_filters.ChoiceFilter(
        widget=FastSelect,
        method="filter_district",
        label=_("Stadtteil"),
        empty_label=_("alle"),
    )
    antwort = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=ANSWER_FILTER_CHOICES,
        method="filter_answer",
        label=_("Status"),
        empty_label=_("alle"),
    )
    meine = django_filters.BooleanFilter(
        label=_("nur meine Ideen"), widget=FastCheckboxInput, method="filter_mine"
    )
    sortierung = django_filters.ChoiceFilter(
        widget=FastSelect,
        choices=SORT_CHOICES,
        method="filter_sort",
        label=_("Sortierung"),
        empty_label=None,
    )

    def __init__(self, data=None, *args, initiative=None, user=None, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.user = user
        districts = (
            District.objects.filter(municipality_id=initiative.municipality_id)
            .order_by("name")
            .values_list("slug", "name")
            if initiative is not None
            else []
        )
        self.filters["bezirk"].extra["choices"] = list(districts)
        if user is None or not user.is_authenticated:
            del self.filters["meine"]
            self.form.fields.pop("meine", None)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def filter_district(self, queryset, name, value):
        return queryset.filter(district__slug=value)

    def filter_mine(self, queryset, name, value):
        if not value or self.user is None or not self.user.is_authenticated:
            return queryset
        return queryset.filter(author=self.user)

    def filter_answer(self, queryset, name, value):
        if value == "zurueckgezogen":
            return queryset.filter(withdrawn_at__isnull=False)
        # an answer is public only with its idea: a hidden idea's answer does not count
        return queryset.filter(answer_status=ANSWER_FILTER_VALUES[value], moderation="published")

    def filter_sort(self, queryset, name, value):
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        if data.get("sortierung") == "unterstuetzung":
            return queryset.order_by("-support_count", "-created_at", "-pk")
        if (data.get("q") or "").strip() and data.get("sortierung") != "neueste":
            return queryset.order_by("-rank", "-created_at", "-pk")
        return queryset.order_by("-created_at", "-pk")
