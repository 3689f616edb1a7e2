"""Generated benchmark data at tiny scales, for the generator, EXPLAIN and query-count tests.

The data is generated once per module inside a transaction that is rolled back at the
end, and every page is measured while the data is there: the tests compare the results.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from bench import pages as bench_pages
from bench.management.commands import generate_bench_data

# Tables that hold many rows at scale 1: no list query may read them sequentially.
BIG_TABLES = {
    "core_user",
    "account_emailaddress",
    "initiatives_initiative",
    "initiatives_initiative_themes",
    "initiatives_event",
    "initiatives_update",
    "volunteering_opportunity",
    "volunteering_opportunity_themes",
    "volunteering_opportunity_skills",
    "volunteering_shift",
    "volunteering_signup",
    "volunteering_volunteerprofile",
    "funding_application",
    "funding_budgetitem",
    "funding_decision",
}


class _Rollback(Exception):
    pass


def with_generated_data(scale: float, measure: Callable[[], Any], *, seed: int = 7) -> Any:
    """Generate data at ``scale``, run ``measure()`` and roll everything back."""
    result = None
    try:
        with transaction.atomic():
            call_command(
                generate_bench_data.Command(),
                scale=scale,
                seed=seed,
                no_vacuum=True,
                stdout=io.StringIO(),
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            result = measure()
            raise _Rollback
    except _Rollback:
        pass
    return result


def bench_get_pages() -> list[bench_pages.Page]:
    """The GET pages of ``make bench`` (baselines and the POST left out)."""
    context = {"dataset": bench_pages.dataset_info(), "session_cookie": "signed-in"}
    return [
        page
        for page in bench_pages.page_list(context)
        if page.kind in ("anonymous", "signed_in") and not page.missing
    ]


def client_for(page: bench_pages.Page) -> Client:
    from civicportal.core.models import User

    client = Client()
    if page.kind == "signed_in":
        volunteer = bench_pages.dataset_info()["session_volunteer_id"]
        client.force_login(User.objects.get(pk=volunteer))
    return client


def page_queries() -> dict[str, list[dict]]:
    """Every benchmarked GET page requested once: its captured statements, by page key."""
    from django.test.utils import CaptureQueriesContext

    result = {}
    for page in bench_get_pages():
        client = client_for(page)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        assert response.status_code == 200, page.path
        result[page.key] = captured.captured_queries
    return result
