"""The choice lists of the list filters (municipalities, themes, SDGs, districts) in ONE
query: a ``UNION ALL`` of the small reference tables, read fresh on every request (no
process cache that could show a renamed theme for minutes).

Districts are offered only for the chosen municipality, or all of them while there are
at most ``MAX_DISTRICT_CHOICES`` (a city network has hundreds: 500 ``<option>``s would
make every list page heavy). A district already chosen in the URL is always offered, so
a shared link keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast

from civicportal.core.models import SDG, District, Municipality, Theme

MAX_DISTRICT_CHOICES = 60
MAX_DISTRICTS_OF_ONE_CITY = 500


@dataclass
class Choices:
    municipalities: list[Municipality] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    sdgs: list[SDG] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)

    def municipality_choices(self) -> list[tuple[str, str]]:
        return [(m.slug, m.name) for m in self.municipalities]

    def theme_choices(self) -> list[tuple[str, str]]:
        return [(t.slug, str(t)) for t in self.themes]

    def sdg_choices(self) -> list[tuple[str, str]]:
        return [(str(s.number), f"{s.number}. {s.title}") for s in self.sdgs]

    def district_choices(self) -> list[tuple[str, str]]:
        return [(str(d.pk), str(d)) for d in self.districts]


def _part(kind: str, queryset, *, key, name, name_en=None, extra=None, limit=None):
    text = models.TextField()
    rows = (
        queryset.order_by()
        .annotate(
            c_kind=Value(kind, output_field=text),
            c_key=Cast(key, text),
            c_name=Cast(name, text),
            c_name_en=Cast(name_en, text) if name_en else Value("", output_field=text),
            c_extra=Cast(extra, text) if extra else Value("", output_field=text),
        )
        .values_list("c_kind", "pk", "c_key", "c_name", "c_name_en", "c_extra")
    )
    return rows if limit is None else rows.order_by("pk")[:limit]


def _is_id(value: str | None) -> bool:
    return bool(value) and value.isascii() and value.isdigit() and len(value) <= 18


def _district_part(kind: str, queryset, limit=None):
    return _part(
        kind, queryset, key="municipality_id", name="name", extra="municipality__name", limit=limit
    )


def load_choices(
    *,
    municipalities: bool = True,
    themes: bool = True,
    sdgs: bool = False,
    districts: bool = False,
    municipality: str | None = None,
    district: str | None = None,
) -> Choices:
    """Read the requested choice lists in one query."""
    parts = []
    if municipalities:
        parts.append(_part("m", Municipality.objects.all(), key="slug", name="name"))
    if themes:
        parts.append(_part("t", Theme.objects.all(), key="slug", name="name", name_en="name_en"))
    if sdgs:
        parts.append(
            _part("s", SDG.objects.all(), key="number", name="title_de", name_en="title_en")
        )
    if districts:
        limit = MAX_DISTRICTS_OF_ONE_CITY if municipality else MAX_DISTRICT_CHOICES + 1
        some = District.objects.all()
        if municipality:
            some = some.filter(municipality__slug=municipality)
        parts.append(_district_part("d", some, limit))
        if _is_id(district):
            parts.append(_district_part("c", District.objects.filter(pk=int(district))))
    result = Choices()
    chosen: list[District] = []
    if not parts:
        return result
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for kind, pk, key, name, name_en, extra in query:
        if kind == "m":
            result.municipalities.append(Municipality(pk=pk, slug=key, name=name))
        elif kind == "t":
            result.themes.append(Theme(pk=pk, slug=key, name=name, name_en=name_en))
        elif kind == "s":
            result.sdgs.append(SDG(pk=pk, number=int(key), title_de=name, title_en=name_en))
        else:
            item = District(pk=pk, name=name, municipality=Municipality(pk=int(key), name=extra))
            (chosen if kind == "c" else result.districts).append(item)
    result.municipalities.sort(key=lambda m: m.name)
    result.themes.sort(key=lambda t: t.name)
    result.sdgs.sort(key=lambda s: s.number)
    if not municipality and len(result.districts) > MAX_DISTRICT_CHOICES:
        result.districts = []
    known = {d.pk for d in result.districts}
    result.districts += [d for d in chosen if d.pk not in known]
    result.districts.sort(key=lambda d: (d.municipality.name, d.name))
    return result
