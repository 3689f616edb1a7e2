"""No list query of a benchmarked page reads a large table sequentially, and no page
counts a large set without a cap.

Every SELECT a page runs is EXPLAINed with sequential scans disabled
(``enable_seqscan = off``): the planner then uses an index wherever one can serve the
query, and falls back to a ``Seq Scan`` only where no index fits. At scale 1 such a
query reads 100,000+ rows on every request.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import pages as bench_pages
from funding.models import COMMITTED
from tests.bench.conftest import BIG_TABLES, page_queries, with_generated_data

PAGES = [
    "home",
    "initiatives_filtered",
    "initiatives_search",
    "initiative_detail",
    "engagement_filtered",
    "engagement_search",
    "matches",
    "funded",
    "search",
    "ics",
]


def _seq_scans(sql: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    if isinstance(plan, str):
        plan = json.loads(plan)
    return {
        node["Relation Name"]
        for node in bench_pages._plan_nodes(plan[0]["Plan"])
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in BIG_TABLES
    }


def _is_select(sql: str) -> bool:
    """A SELECT, also a compound one (``(SELECT … LIMIT n) UNION ALL (SELECT …)``)."""
    return sql.lstrip().lstrip("(").upper().startswith("SELECT") and "FOR UPDATE" not in sql


def _uncapped_count(sql: str) -> bool:
    """A pager count over a large table without a LIMIT (aggregates per group are fine)."""
    upper = sql.upper()
    return (
        "COUNT(" in upper
        and " LIMIT " not in upper
        and " GROUP BY " not in upper
        and any(f'"{table}"' in sql for table in BIG_TABLES)
    )


def _scans(queries) -> dict[str, list[str]]:
    """Large tables read sequentially (and uncapped counts), per table: the statements."""
    scans: dict[str, list[str]] = {}
    for query in queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("DECLARE"):
            sql = sql.split(" FOR ", 1)[1]  # a server-side cursor: explain its SELECT
        if not _is_select(sql):
            continue
        for table in _seq_scans(sql):
            scans.setdefault(table, []).append(sql[:300])
        if _uncapped_count(sql):
            scans.setdefault("uncapped COUNT", []).append(sql[:300])
    return scans


def _measure() -> dict[str, dict[str, list[str]]]:
    return {key: _scans(queries) for key, queries in page_queries().items()}


@pytest.fixture
def plans(db):
    """Measured once per test process (the data is generated and rolled back inside)."""
    if not _CACHE:
        _CACHE.update(with_generated_data(0.002, _measure))
    return _CACHE


_CACHE: dict[str, dict[str, list[str]]] = {}


@pytest.mark.parametrize("key", PAGES)
def test_page_queries_use_indexes_on_large_tables(plans, key):
    if key not in plans:
        pytest.skip(f"page {key} is not built yet")

    assert {k: v for k, v in plans[key].items() if k != "uncapped COUNT"} == {}


@pytest.mark.parametrize("key", PAGES)
def test_page_counts_of_large_sets_are_capped(plans, key):
    if key not in plans:
        pytest.skip(f"page {key} is not built yet")

    assert plans[key].get("uncapped COUNT", []) == []


# --- the public list of funded projects in its other shapes ------------------------------
# The default page (above) reads its ids as one title-ordered slice per year, combined with
# UNION ALL when the page spans years (always at this tiny scale); a chosen year is a single
# slice, a programme or a search term narrows the totals and the slices.


def _funded_paths() -> dict[str, str]:
    from django.urls import reverse

    from funding.models import Application, Call

    base = reverse("funding:funded")
    year = Call.objects.funded_years()[0]
    programme = (
        Application.objects.funded_public()
        .order_by("pk")
        .values_list("call__programme__slug", flat=True)
        .first()
    )
    return {
        "year": f"{base}?jahr={year}",
        "programme": f"{base}?programm={programme}",
        "search": f"{base}?q=Nachbarschaft",
        "typo": f"{base}?q=Nachbarshaft",  # no hit: the list's typo suggestion
    }


def _measure_funded() -> dict[str, dict[str, list[str]]]:
    from django.test import Client

    result: dict[str, dict[str, list[str]]] = {}
    for key, path in _funded_paths().items():
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(path)
        assert response.status_code == 200, path
        result[key] = _scans(captured.captured_queries)
    return result


_FUNDED_CACHE: dict[str, dict[str, list[str]]] = {}


@pytest.mark.parametrize("key", ["year", "programme", "search", "typo"])
def test_funded_list_variants_use_indexes_on_large_tables(db, key):
    if not _FUNDED_CACHE:
        _FUNDED_CACHE.update(with_generated_data(0.002, _measure_funded))

    assert _FUNDED_CACHE[key] == {}


# --- the portal search without a hit: its typo suggestion -------------------------------
# A search that finds nothing asks for a suggestion in one more query: for each word and
# kind the first public titles similar to the word (``title %> word``), a condition the
# kind's trigram GIN index on its title serves (a similarity filter would read every
# title). At this scale the planner may as well read the few published rows and filter
# them, so the index is checked on the title condition itself; at scale 1 the whole
# statement reads the trigram indexes (docstring of ``civicportal.search.suggest``).

TITLE_TRIGRAM_INDEXES = {
    "initiativen": "initiative_title_trgm",
    "ideen": "idea_title_trgm",
    "phasen": "phase_title_trgm",
    "beschluesse": "decision_title_trgm",
    "neuigkeiten": "update_title_trgm",
    "termine": "event_title_trgm",
    "engagement": "opportunity_title_trgm",
    "organisationen": "organisation_name_trgm",
    "gefoerderte-projekte": "application_title_trgm",
}


def _index_names(sql: str, params=()) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_seqscan")
    if isinstance(plan, str):
        plan = json.loads(plan)
    return {node.get("Index Name") for node in bench_pages._plan_nodes(plan[0]["Plan"])}


def _measure_suggestion() -> dict[str, object]:
    from django.test import Client
    from django.urls import reverse

    from civicportal.search import KINDS, _similar_title

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(reverse("search"), {"q": "Nachbarshaft"})
    assert response.status_code == 200
    [sql] = [query["sql"] for query in captured.captured_queries if "%>" in query["sql"]]
    title_indexes = {}
    for kind in KINDS:
        if kind.key == "gefoerderte-projekte":
            continue  # a partial index: test_funded_title_trigram_index_covers_the_funded_list
        similar = kind.model._base_manager.filter(_similar_title(kind, "Nachbarshaft"))
        title_indexes[kind.key] = _index_names(*similar.values("pk").query.sql_with_params())
    return {
        "html": response.content.decode(),
        "seq_scans": _seq_scans(sql),
        "title_indexes": title_indexes,
    }


def test_search_suggestion_reads_the_title_trigram_indexes(db):
    measured = with_generated_data(0.002, _measure_suggestion)

    assert "Keine Treffer für „Nachbarshaft“" in measured["html"]
    assert ">Nachbarschaft</a>?" in measured["html"]
    assert measured["seq_scans"] == set()
    for key, index in TITLE_TRIGRAM_INDEXES.items():
        if key != "gefoerderte-projekte":
            assert index in measured["title_indexes"][key], key


def _measure_list_suggestions() -> dict[str, dict[str, object]]:
    from django.test import Client
    from django.urls import reverse

    result = {}
    for name in ("volunteering:list", "funding:funded", "initiatives:list"):
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(reverse(name), {"q": "Nachbarshaft"})
        assert response.status_code == 200
        [sql] = [query["sql"] for query in captured.captured_queries if "%>" in query["sql"]]
        result[name] = {
            "suggestion": response.context["suggestion"],
            "seq_scans": _seq_scans(sql),
        }
    return result


def test_list_suggestions_read_the_title_trigram_indexes(db):
    """A list search without a hit asks the same suggestion of its own titles in one
    more query, which reads the trigram index, not the table."""
    measured = with_generated_data(0.002, _measure_list_suggestions)

    for name, found in measured.items():
        # "Nachbarschaft" or, where a kind's few titles at this scale lack the word, a
        # compound of it ("Nachbarschaftscafé")
        assert found["suggestion"].startswith("Nachbarschaft"), name
        assert found["seq_scans"] == set(), name


def test_funded_title_trigram_index_covers_the_funded_list():
    """The funded projects' trigram index holds only the funded, public rows (so that it
    beats the funded list's title index), which is what the suggestion asks for; at this
    scale a btree index on status and consent serves that condition as well."""
    from django.contrib.postgres.indexes import GinIndex
    from django.db.models import Q

    from funding.models import Application

    [index] = [i for i in Application._meta.indexes if i.name == "application_title_trgm"]

    assert isinstance(index, GinIndex)
    assert (index.fields, index.opclasses) == (["title"], ["gin_trgm_ops"])
    assert index.condition == Q(status__in=COMMITTED, publication_consent=True)
    conditions = {
        (lookup.lhs.target.name, lookup.lookup_name, str(lookup.rhs))
        for lookup in Application.objects.funded_public().query.where.children
    }
    assert ("status", "in", str(list(COMMITTED))) in conditions
    assert ("publication_consent", "exact", "True") in conditions
