"""The portal's one loader of filter choices: every list filter's choice lists
(municipalities, themes, SDGs, districts, and an app's own small tables such as skills or
funding programmes, passed as ``others``) in ONE query, a ``UNION ALL`` of the small
tables. Used by the initiative, event, opportunity and funded-project filters.

The lists are kept in the shared cache under the content version
(``civicportal.core.content``, ``_remember``), like the pages: a renamed theme shows on
every server with the next content version, and a fresh render of a list page reads them
from this process's copy instead of the database (about a tenth of a fresh render of
``/engagement/``, measured with cProfile). With ``PAGE_CACHE_SECONDS=0`` they are read per
request.

Districts are offered only for the chosen municipality, or all of them while there are
at most ``MAX_DISTRICT_CHOICES`` (a city network has hundreds: 500 ``<option>``s would
make every list page heavy). A district already chosen in the URL is always offered, so
a shared link keeps working.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast

from civicportal.core import content
from civicportal.core.models import SDG, District, Municipality, Theme

MAX_DISTRICT_CHOICES = 60
MAX_DISTRICTS_OF_ONE_CITY = 500


@dataclass(frozen=True)
class Other:
    """An app's own choice list: ``queryset``'s rows as (``key``, ``name``) pairs, sorted
    by name (or by key, descending, with ``newest_first`` – e.g. years); duplicates of a
    key are dropped."""

    queryset: object
    key: str = "slug"
    name: str = "name"
    newest_first: bool = False


@dataclass(frozen=True)
class Choice:
    pk: int
    key: str
    name: str


@dataclass
class Choices:
    municipalities: list[Municipality] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    sdgs: list[SDG] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    others: dict[str, list[Choice]] = field(default_factory=dict)

    def municipality_ids(self) -> dict[str, int]:
        return {m.slug: m.pk for m in self.municipalities}

    def theme_ids(self) -> dict[str, int]:
        return {t.slug: t.pk for t in self.themes}

    def other_choices(self, label: str) -> list[tuple[str, str]]:
        return [(c.key, c.name) for c in self.others.get(label, [])]

    def other_ids(self, label: str) -> dict[str, int]:
        return {c.key: c.pk for c in self.others.get(label, [])}

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


def _remember(key: tuple, load: Callable[[], Choices]) -> Choices:
    """The lists for key under the current content version, loaded once per version and
    lifetime (the result is shared between requests: callers only read it)."""
    if content.lifetime() <= 0:
        return load()
    name = "choices:" + hashlib.sha256(repr(key).encode()).hexdigest()
    version, found = content.lookup(name)
    if found is None:
        found = load()
        content.store(version, name, found)
    return found


def load_choices(
    *,
    municipalities: bool = True,
    themes: bool = True,
    sdgs: bool = False,
    districts: bool = False,
    municipality: str | None = None,
    district: str | None = None,
    others: dict[str, Other] | None = None,
) -> Choices:
    """Read the requested choice lists in one query.

    Districts are those of ``municipality`` (a slug), or all while they are few; a
    ``district`` id already chosen is always offered."""
    others = others or {}
    key = (
        municipalities,
        themes,
        sdgs,
        districts,
        municipality,
        district,
        tuple(
            (label, other.queryset.model._meta.label, other.key, other.name, other.newest_first)
            for label, other in others.items()
        ),
    )
    return _remember(
        key,
        lambda: _load(
            municipalities=municipalities,
            themes=themes,
            sdgs=sdgs,
            districts=districts,
            municipality=municipality,
            district=district,
            others=others,
        ),
    )


def _load(*, municipalities, themes, sdgs, districts, municipality, district, others) -> Choices:
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
    for index, other in enumerate(others.values()):
        parts.append(_part(f"o{index}", other.queryset, key=other.key, name=other.name))
    labels = {f"o{index}": label for index, label in enumerate(others)}
    result = Choices(others={label: [] for label in others})
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
        elif kind in labels:
            result.others[labels[kind]].append(Choice(pk=pk, key=key, name=name))
        else:
            item = District(pk=pk, name=name, municipality=Municipality(pk=int(key), name=extra))
            (chosen if kind == "c" else result.districts).append(item)
    result.municipalities.sort(key=lambda m: m.name)
    result.themes.sort(key=lambda t: t.name)
    result.sdgs.sort(key=lambda s: s.number)
    for label, other in others.items():
        unique = {choice.key: choice for choice in result.others[label]}.values()
        if other.newest_first:
            result.others[label] = sorted(unique, key=lambda c: c.key, reverse=True)
        else:
            result.others[label] = sorted(unique, key=lambda c: (c.name.lower(), c.key))
    if not municipality and len(result.districts) > MAX_DISTRICT_CHOICES:
        result.districts = []
    known = {d.pk for d in result.districts}
    result.districts += [d for d in chosen if d.pk not in known]
    result.districts.sort(key=lambda d: (d.municipality.name, d.name))
    return result
