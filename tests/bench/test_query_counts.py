"""SQL queries per benchmarked page and the sign-up POST: at most 8, and the same at two
data scales (a transaction's BEGIN/COMMIT are checked separately).

The same count at both scales shows that no query runs per row (N+1); the cap keeps
each page within the budget of issue 8. Counted on an uncached request.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from bench.pages import is_transaction_control
from tests.bench.conftest import page_queries, with_generated_data

QUERY_LIMIT = 8
SMALL, LARGER = 0.005, 0.015
# Pages over the budget today, with the change their part needs (see bench/REPORT.md).
# The guard still runs for them; remove an entry when its page is fixed.
KNOWN_OVER_BUDGET: dict[str, str] = {}
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
    return {key: len(queries) for key, queries in page_queries().items()}


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


def _measure_signup_post() -> dict[str, object]:
    """One sign-up POST of a signed-in volunteer without sign-ups, rate limit included."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from civicportal.core.models import User
    from volunteering.models import Shift, Signup

    volunteer = User.objects.filter(signups__isnull=True, is_staff=False).order_by("pk").last()
    shift = (
        Shift.objects.filter(
            starts_at__gt=timezone.now(),
            taken__lt=F("capacity"),
            opportunity__is_published=True,
            opportunity__is_closed=False,
            opportunity__signup_mode="instant",
            opportunity__minimum_age=0,
        )
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(volunteer)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("volunteering:signup", kwargs={"pk": shift.pk}))
    statements = [q["sql"] for q in captured.captured_queries]
    return {
        "status": response.status_code,
        "signup": Signup.objects.get(shift=shift, volunteer=volunteer).status,
        "queries": sum(not is_transaction_control(sql) for sql in statements),
        "transaction": [sql for sql in statements if is_transaction_control(sql)],
    }


@pytest.fixture
def signup_posts(db):
    if not _POSTS:
        _POSTS.update(
            {scale: with_generated_data(scale, _measure_signup_post) for scale in (SMALL, LARGER)}
        )
    return _POSTS


_POSTS: dict[float, dict[str, object]] = {}


def test_signup_post_query_count_is_capped_and_constant(signup_posts, settings):
    small, larger = signup_posts[SMALL], signup_posts[LARGER]

    assert small["status"] == larger["status"] == 302
    assert small["signup"] == larger["signup"] == "confirmed"
    assert larger["queries"] == small["queries"], (small, larger)
    # After the commit, the database task backend adds one INSERT for the confirmation
    # e-mail; here (test transaction, immediate backend) it does not run: one less.
    assert small["queries"] <= QUERY_LIMIT - 1, small
    # One transaction around the sign-up (a savepoint inside the test's transaction).
    assert len(small["transaction"]) == len(larger["transaction"]) <= 2
