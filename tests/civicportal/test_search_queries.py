"""The 50 German queries of docs/search.md against the demo content: each expected hit is
found, nothing listed under "must not find" is, typo rows get their suggestion, and each
list search (initiatives, volunteering opportunities, funded projects) finds exactly what
the portal search finds of its kind, ranked the same way, with the same suggestion (one
engine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from civicportal.search import search
from funding.filters import FundedProjectFilter
from funding.models import Application
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from volunteering.filters import OpportunityFilter
from volunteering.models import Opportunity

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


def _portal_hits(query: str) -> tuple[set[str], dict[str, list[str]], object]:
    """Every hit of every kind as "kind: title" (all pages of each kind that has hits), and
    each kind's titles in the order of its pages."""
    overview = search(query)
    found = set()
    ordered: dict[str, list[str]] = {}
    for group in overview.groups:
        if not group.count:
            continue
        page = 1
        while True:
            results = search(query, kind_key=group.kind.key, page=page)
            (kind_group,) = [g for g in results.groups if g.kind.key == group.kind.key]
            found |= {f"{group.kind.key}: {hit.title}" for hit in kind_group.hits}
            ordered.setdefault(group.kind.key, []).extend(hit.title for hit in kind_group.hits)
            if page * 10 >= kind_group.shown_count:
                break
            page += 1
    return found, ordered, overview


# The list searches: the kind of /suche/ they agree with, their page and their filter.
LISTS = {
    "initiativen": ("initiatives:list", InitiativeFilter, Initiative.objects.published),
    "engagement": ("volunteering:list", OpportunityFilter, Opportunity.objects.published),
    "gefoerderte-projekte": (
        "funding:funded",
        FundedProjectFilter,
        Application.objects.funded_public,
    ),
}


def _list_page(client, key: str, query: str) -> tuple[list[str], str]:
    """The titles a list shows for ``query`` over all its pages, in order, and its
    suggestion."""
    titles: list[str] = []
    page = 1
    while True:
        response = client.get(reverse(LISTS[key][0]), {"q": query, "seite": page})
        assert response.status_code == 200, (key, query)
        page_obj = response.context["page_obj"]
        titles += [record.title for record in page_obj.object_list]
        if not page_obj.has_next():
            return titles, response.context.get("suggestion") or ""
        page += 1


def _ranks(key: str, query: str) -> dict[str, float]:
    _url, filterset_class, records = LISTS[key]
    return dict(filterset_class({"q": query}, queryset=records()).qs.values_list("title", "rank"))


def _descending(titles: list[str], ranks: dict[str, float]) -> bool:
    values = [ranks[title] for title in titles]
    return values == sorted(values, reverse=True)


def test_the_documented_queries(client):
    call_command("load_demo", verbosity=0)
    rows = _queries()
    assert len(rows) == 50
    failures = []
    compared = dict.fromkeys(LISTS, 0)
    for number, query, expected, avoid in rows:
        found, ordered, overview = _portal_hits(query)
        suggestions = set()
        for hit in expected:
            if hit.startswith("Vorschlag: "):
                if overview.suggestion != hit.removeprefix("Vorschlag: "):
                    failures.append(f"{number} {query}: suggestion {overview.suggestion!r}")
            elif hit not in found:
                failures.append(f"{number} {query}: missing {hit}")
        for hit in avoid:
            if hit in found:
                failures.append(f"{number} {query}: should not find {hit}")
        for key in LISTS:
            # the same records as /suche/ finds of the kind, ranked the same way
            portal = ordered.get(key, [])
            listed, suggestion = _list_page(client, key, query)
            compared[key] += len(listed)
            if sorted(listed) != sorted(portal):
                failures.append(f"{number} {query}: {key} list {set(listed) ^ set(portal)}")
            elif not (
                _descending(listed, ranks := _ranks(key, query)) and _descending(portal, ranks)
            ):
                failures.append(f"{number} {query}: {key} list not ranked as on /suche/")
            # the same suggestion (over the list's own kind) when nothing is found
            if suggestion:
                suggestions.add(suggestion)
                if listed or suggestion != overview.suggestion:
                    failures.append(f"{number} {query}: {key} suggests {suggestion!r}")
        if overview.suggestion and overview.suggestion not in suggestions:
            failures.append(f"{number} {query}: no list suggests {overview.suggestion!r}")
    assert failures == []
    # every list was compared on hits, not only on empty results
    assert all(compared.values()), compared


def test_overlong_words_are_not_given_to_the_compound_splitter():
    """The splitter's work grows with the cube of a word's length: a 10,000-letter word
    typed into a search box kept a worker busy for minutes before the cap."""
    from civicportal.core.search import COMPOUND_MAX, compound_parts

    assert compound_parts("Fahrradwege") == ["Fahrrad", "Wege"]
    assert compound_parts("Fahrradwege" * 500) == []
    assert len("Donaudampfschifffahrtsgesellschaftskapitän") <= COMPOUND_MAX
