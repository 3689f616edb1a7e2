"""Milliseconds per request in one process, interleaved (not part of CI).

Where wrk's figures drown in the noise of a busy machine, this loop asks the Django test
client for the same pages in turns (rounds × requests each) and prints the median time
per request and its share of the empty view measured in the same rounds: anonymous pages
from the page cache, the same pages signed in (the shared body with the person's parts),
and the person's own pages. Run it against a bench database::

    DATABASE_URL=postgres://…/<db>_bench_s1 DEBUG=0 SECRET_KEY=x BENCH=1 \\
        ALLOWED_HOSTS=testserver DJANGO_SETTINGS_MODULE=civicportal.settings \\
        .venv/bin/python bench/inprocess.py [rounds] [requests]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from volunteering.models import Opportunity, Signup  # noqa: E402


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    settings.PAGE_CACHE_SECONDS = 30
    volunteer = Signup.objects.values_list("volunteer_id", flat=True).first()
    slug = (
        Opportunity.objects.filter(is_published=True, shifts__isnull=False)
        .values_list("slug", flat=True)
        .first()
    )
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.get(pk=volunteer))
    listing = "/engagement/?kommune=bench-chemnitz&thema=klimaschutz"
    pages = [
        ("empty view", anonymous, "/bench/leer/"),
        ("engagement, anonymous", anonymous, listing),
        ("engagement, signed in", signed_in, listing),
        ("opportunity, anonymous", anonymous, f"/engagement/{slug}/"),
        ("opportunity, signed in", signed_in, f"/engagement/{slug}/"),
        ("initiatives, signed in", signed_in, "/initiativen/"),
        ("Mein Engagement", signed_in, "/engagement/meine/"),
    ]
    for _name, client, url in pages:
        for _ in range(3):
            client.get(url)
    times: dict[str, list[float]] = {name: [] for name, *_ in pages}
    for _ in range(rounds):
        for name, client, url in pages:
            started = time.perf_counter()
            for _ in range(count):
                client.get(url)
            times[name].append((time.perf_counter() - started) / count * 1000)
    base = statistics.median(times["empty view"])
    print("| page | ms per request | share of the empty view |")
    print("| --- | ---: | ---: |")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.1f} | {base / median:.0%} |")


if __name__ == "__main__":
    main()
