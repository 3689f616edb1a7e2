"""The 50 German queries of docs/search.md against the demo content: each expected hit is
found, nothing listed under "must not find" is, typo rows get their suggestion, and the
initiatives list search finds exactly what the portal search finds (one engine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from civicportal.search import search
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DOC = Path(__file__).resolve().parents[2] / "docs" / "search.md"
ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]+)\|([^|]*)\|([^|]*)\|$")


def _queries() -> list[tuple[int, str, list[str], list[str]]]:
    rows = []
    for line in DOC.read_text().splitlines():
        if match := ROW.match(line.strip()):
            number, query, expected, unexpected = match.groups()
            split = [part.strip() for part in expected.split(";") if part.strip()]
            avoid = [part.strip() for part in unexpected.split(";") if part.strip()]
            rows.append((int(number), query.strip(), split, avoid))
    return rows


def _portal_hits(query: str) -> tuple[set[str], object]:
    """Every hit of every kind as "kind: title" (all pages of each kind that has hits)."""
    overview = search(query)
    found = set()
    for group in overview.groups:
        if not group.count:
            continue
        page = 1
        while True:
            results = search(query, kind_key=group.kind.key, page=page)
            (kind_group,) = [g for g in results.groups if g.kind.key == group.kind.key]
            found |= {f"{group.kind.key}: {hit.title}" for hit in kind_group.hits}
            if page * 10 >= kind_group.shown_count:
                break
            page += 1
    return found, overview


def _list_titles(query: str) -> set[str]:
    filterset = InitiativeFilter({"q": query}, queryset=Initiative.objects.published())
    return set(filterset.qs.values_list("title", flat=True))


def test_the_documented_queries():
    call_command("load_demo", verbosity=0)
    rows = _queries()
    assert len(rows) == 50
    failures = []
    for number, query, expected, avoid in rows:
        found, overview = _portal_hits(query)
        for hit in expected:
            if hit.startswith("Vorschlag: "):
                if overview.suggestion != hit.removeprefix("Vorschlag: "):
                    failures.append(f"{number} {query}: suggestion {overview.suggestion!r}")
            elif hit not in found:
                failures.append(f"{number} {query}: missing {hit}")
        for hit in avoid:
            if hit in found:
                failures.append(f"{number} {query}: should not find {hit}")
        portal = {hit.removeprefix("initiativen: ") for hit in found if hit.startswith("init")}
        if _list_titles(query) != portal:
            failures.append(f"{number} {query}: list {_list_titles(query) ^ portal}")
    assert failures == []


def test_overlong_words_are_not_given_to_the_compound_splitter():
    """The splitter's work grows with the cube of a word's length: a 10,000-letter word
    typed into a search box kept a worker busy for minutes before the cap."""
    from civicportal.core.search import COMPOUND_MAX, compound_parts

    assert compound_parts("Fahrradwege") == ["Fahrrad", "Wege"]
    assert compound_parts("Fahrradwege" * 500) == []
    assert len("Donaudampfschifffahrtsgesellschaftskapitän") <= COMPOUND_MAX
