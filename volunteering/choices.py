"""Small, rarely changing choice lists of the filters, cached in the process.

Themes, skills, municipalities and districts change a few times a year; loading them on
every list request would cost four queries. They are kept for ``TTL`` seconds and
dropped at once when one of them is saved or deleted in this process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from civicportal.core.models import District, Municipality, Theme
from volunteering.models import Skill

TTL = 300.0


@dataclass(frozen=True)
class FilterChoices:
    themes: list[tuple[str, str]]  # (slug, name)
    theme_ids: dict[str, int]
    skills: list[tuple[str, str]]
    skill_ids: dict[str, int]
    municipalities: list[tuple[str, str]]
    municipality_ids: dict[str, int]
    districts: list[tuple[str, str]]  # (id, "name (municipality)")
    districts_by_municipality: dict[str, list[tuple[str, str]]]  # slug → (id, name)


_cache: dict[str, tuple[float, FilterChoices]] = {}


def filter_choices() -> FilterChoices:
    cached = _cache.get("choices")
    if cached and cached[0] > time.monotonic():
        return cached[1]
    themes = list(Theme.objects.order_by("name").values_list("slug", "name", "pk"))
    skills = list(Skill.objects.order_by("name").values_list("slug", "name", "pk"))
    municipalities = list(Municipality.objects.order_by("name").values_list("slug", "name", "pk"))
    districts = list(
        District.objects.order_by("municipality__name", "name").values_list(
            "pk", "name", "municipality__name", "municipality__slug"
        )
    )
    by_municipality: dict[str, list[tuple[str, str]]] = {}
    for pk, name, _city, slug in districts:
        by_municipality.setdefault(slug, []).append((str(pk), name))
    choices = FilterChoices(
        themes=[(slug, name) for slug, name, _pk in themes],
        theme_ids={slug: pk for slug, _name, pk in themes},
        skills=[(slug, name) for slug, name, _pk in skills],
        skill_ids={slug: pk for slug, _name, pk in skills},
        municipalities=[(slug, name) for slug, name, _pk in municipalities],
        municipality_ids={slug: pk for slug, _name, pk in municipalities},
        districts=[(str(pk), f"{name} ({city})") for pk, name, city, _slug in districts],
        districts_by_municipality=by_municipality,
    )
    _cache["choices"] = (time.monotonic() + TTL, choices)
    return choices


def clear_filter_choices(**kwargs) -> None:
    _cache.clear()


for _model in (Theme, Skill, Municipality, District):
    post_save.connect(clear_filter_choices, sender=_model, dispatch_uid=f"vol-choices-{_model}")
    post_delete.connect(clear_filter_choices, sender=_model, dispatch_uid=f"vol-del-{_model}")
