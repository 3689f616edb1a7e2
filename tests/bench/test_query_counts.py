"""SQL queries per benchmarked page: at most 8, and the same at two data scales.

The same count at both scales shows that no query runs per row (N+1); the cap keeps
each page within the budget of issue 8. Counted on an uncached request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.bench.conftest import bench_get_pages, client_for, with_generated_data

QUERY_LIMIT = 8
SMALL, LARGER = 0.005, 0.015
# Pages over the budget today, with the change their part needs (see bench/REPORT.md).
# The guard still runs for them; remove an entry when its page is fixed.
KNOWN_OVER_BUDGET = {
    "search": "search: 9 queries (the municipalities are read twice: list + form choices)",
}
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


def _measure() -> dict[str, int]:
    counts = {}
    for page in bench_get_pages():
        client = client_for(page)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        assert response.status_code == 200, page.path
        counts[page.key] = len(captured.captured_queries)
    return counts


@pytest.fixture
def counts(db):
    """Measured once per test process (the data is generated and rolled back inside)."""
    if not _CACHE:
        _CACHE.update({scale: with_generated_data(scale, _measure) for scale in (SMALL, LARGER)})
    return _CACHE


_CACHE: dict[float, dict[str, int]] = {}


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(reason=KNOWN_OVER_BUDGET[key], strict=False))
        if key in KNOWN_OVER_BUDGET
        else key
        for key in PAGES
    ],
)
def test_page_query_count_is_capped_and_constant(counts, key):
    if key not in counts[SMALL]:
        pytest.skip(f"page {key} is not built yet")

    small, larger = counts[SMALL][key], counts[LARGER][key]

    assert larger == small, f"{key}: {small} queries at scale {SMALL}, {larger} at {LARGER}"
    assert small <= QUERY_LIMIT
