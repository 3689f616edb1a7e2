"""The layout gate: every page × state of the accessibility gate, laid out in Chromium at
320, 390 and 1280 CSS px, as a person would look at it.

Per page and width (``tests/e2e/layout.py``): no word broken inside a button, link, label,
badge or table header; nothing wider than the viewport or its container outside a
deliberate scroll region; no overlapping interactive elements; every image loaded. Per
world: every title well formed („Seite – civicportal“) and unique per path. Zero findings.

The pages are the accessibility gate's (``tests/e2e/portal_pages.py``), produced by Django's
test client and rendered at their own URL on the live server with the portal's headers and
style sheets. One browser tab per world, reused for every page and width.

The self-tests plant defects (a one-letter button, a table pushing the page sideways,
overlapping links, a missing image, a bad title) and prove that the gate reports each.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from tests.e2e.layout import LAYOUT_JS, WAIT_FOR_IMAGES_JS, WIDTHS, title_problems
from tests.e2e.portal_pages import WORLDS, Fetched, Visit, build_world, fetch, visits_for


def check_layout(page, pages: list[Fetched]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Render each fetched page in ``page`` at every width of ``WIDTHS``; return the
    findings (one line each) and the (label, path, title) of every page."""
    current: dict = {}

    def serve(route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, headers=current["headers"], body=current["html"])
        else:
            route.continue_()

    page.route("**/*", serve)
    findings: list[str] = []
    titles: list[tuple[str, str, str]] = []
    try:
        for item in pages:
            current.update(html=item.html, headers=item.headers)
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(item.url)
            page.evaluate(WAIT_FOR_IMAGES_JS)
            # A title belongs to a page one can open: a GET, or where a POST led to.
            if item.visit.method == "GET" or item.url != item.visit.path:
                titles.append((item.visit.label, item.url, page.title()))
            for width in WIDTHS:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": 800})
                    page.evaluate(WAIT_FOR_IMAGES_JS)
                findings.extend(
                    f"{item.visit.label} {item.url} @{width}px: {finding}"
                    for finding in page.evaluate(LAYOUT_JS)
                )
    finally:
        page.unroute("**/*")
    return findings, titles


@pytest.mark.parametrize("size", WORLDS)
def test_every_page_state_lays_out_cleanly(size, browser, live_url, db, record_property):
    started = time.monotonic()
    world = build_world(size)
    pages = fetch(world, visits_for(world))
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        findings, titles = check_layout(context.new_page(), pages)
    finally:
        context.close()
    findings += title_problems(titles, settings.SITE_NAME)

    assert findings == [], f"{len(findings)} layout findings:\n" + "\n".join(findings)
    record_property(
        "portal_report",
        f"layout gate [{size}]: {len(pages)} pages × states at {'/'.join(map(str, WIDTHS))} px, "
        f"0 findings, {time.monotonic() - started:.0f} s",
    )


# --- self-tests: planted defects ----------------------------------------------------------

PLANTED_TITLE = "Kaputt"


def _planted(body: str, title: str = PLANTED_TITLE, extra_head: str = "") -> Fetched:
    """A page of the portal's own base template with ``body`` as its content."""
    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}' + title + "{% endblock %}"
        "{% block extra_head %}" + extra_head + "{% endblock %}"
        "{% block content %}<h1>Kaputt</h1>" + body + "{% endblock %}"
    )
    request = RequestFactory().get("/kaputt/")
    request.user = AnonymousUser()
    return Fetched(
        Visit("kaputt", "absichtlich kaputt", "/kaputt/"),
        template.render({}, request),
        {},
        "/kaputt/",
    )


def _findings(browser, live_url, planted: Fetched) -> list[str]:
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        findings, titles = check_layout(context.new_page(), [planted])
    finally:
        context.close()
    return findings + title_problems(titles, settings.SITE_NAME)


CLEAN = (
    # The portal's markup that broke: a table with a narrow „Jahr“ column beside a long
    # cell, buttons whose visible label carries hidden context (KERN sized them as icon
    # buttons: one letter per line), a status badge, an inline form.
    '<div class="kern-table-responsive" tabindex="0" role="region" aria-label="Termine">'
    '<table class="kern-table"><thead><tr><th scope="col" class="kern-table__header">Jahr</th>'
    '<th scope="col" class="kern-table__header">Haushaltsjahr</th>'
    '<th scope="col" class="kern-table__header">Anmeldung</th></tr></thead>'
    '<tbody><tr><td class="kern-table__cell">2026</td>'
    '<td class="kern-table__cell">' + "Ein langer Text in der Nachbarzelle. " * 12 + "</td>"
    '<td class="kern-table__cell"><form><button type="submit" '
    'class="kern-btn kern-btn--primary kern-btn--x-small"><span class="kern-label">'
    'Auf die Warteliste<span class="kern-sr-only"> – 1. Januar 2027, 09:30</span></span>'
    "</button></form></td></tr></tbody></table></div>"
    '<p>Stand: <span class="kern-badge kern-badge--info"><span class="kern-label">'
    "Verwendungsnachweis eingereicht</span></span></p>"
    '<form class="portal-inline-form"><button type="submit" '
    'class="kern-btn kern-btn--tertiary kern-btn--x-small"><span class="kern-label">Absagen'
    '<span class="kern-sr-only"> – 5. Dezember 2026</span></span></button></form>'
    '<form><button type="submit" class="kern-btn kern-btn--secondary"><span class="kern-label">'
    'Nicht mehr folgen<span class="kern-sr-only">: Gemeinschaftsgarten</span></span></button>'
    "</form>"
)

#: planted defect → the kind of finding the gate must report for it
PLANTED = {
    "one-letter button": (
        '<button type="button" class="kern-btn kern-btn--primary kern-btn--x-small kaputt">'
        '<span class="kern-label">Anmelden</span></button>'
        # the defect as it was: a fixed narrow box and a label that may break anywhere
        "<style>.kaputt { width: 32px; } .kaputt .kern-label { overflow-wrap: anywhere; }</style>",
        "broken-word: „Anmelden“",
    ),
    "one-letter table header": (
        '<table class="kern-table kaputt"><tr><th class="kern-table__header">Jahr</th>'
        '<td class="kern-table__cell">' + "Langer Text. " * 40 + "</td></tr></table>"
        "<style>.kaputt .kern-table__header { overflow-wrap: anywhere; }</style>",
        "broken-word: „Jahr“",
    ),
    "table pushing the page sideways": (
        '<table class="kern-table"><tr><td class="kern-table__cell">'
        + "Haushaltsjahr " * 3
        + '</td><td class="kern-table__cell kern-table__cell--numeric">1.234.567,89 €</td>'
        '<td class="kern-table__cell kern-table__cell--numeric">9.876.543,21 €</td>'
        '<td class="kern-table__cell kern-table__cell--numeric">5.555.555,55 €</td></tr>'
        "</table>",
        "too-wide",
    ),
    "box wider than its container": (
        '<div class="portal-narrow"><div class="kaputt">Zu breit</div></div>'
        "<style>.kaputt { width: 60rem; }</style>",
        "too-wide",
    ),
    "overlapping links": (
        '<p><a class="kern-link" href="/eins/">Erster Link</a></p>'
        '<p class="kaputt"><a class="kern-link" href="/zwei/">Zweiter Link</a></p>'
        "<style>.kaputt { margin-top: -2.5rem; }</style>",
        "overlap: <a.kern-link> „Erster Link“ and <a.kern-link> „Zweiter Link“",
    ),
    "missing image": (
        '<img src="/media/initiatives/fehlt.png" alt="Ein Bild, das fehlt">',
        "image: /media/initiatives/fehlt.png did not load",
    ),
}


def test_gate_passes_the_portal_markup_that_once_broke(browser, live_url, db):
    assert _findings(browser, live_url, _planted(CLEAN)) == []


@pytest.mark.parametrize("defect", PLANTED)
def test_gate_fails_on_a_planted_defect(defect, browser, live_url, db):
    body, expected = PLANTED[defect]

    findings = _findings(browser, live_url, _planted(body))

    assert any(expected in finding for finding in findings), findings


def test_gate_fails_on_a_malformed_title(browser, live_url, db):
    findings = _findings(browser, live_url, _planted("<p>Ohne Titel</p>", title=""))
    assert findings == [
        "kaputt [absichtlich kaputt, anonym] /kaputt/: title „– civicportal“ "
        "is not „Seite – civicportal“"
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Startseitecivicportal",
        "Startseite –  civicportal",
        "Startseite – civicportal – civicportal",
        "Startseite - civicportal",
        "civicportal",
    ],
)
def test_malformed_titles_are_reported(title):
    assert title_problems([("seite", "/", title)], "civicportal") != []


def test_two_pages_sharing_a_title_are_reported():
    titles = [
        ("a", "/konto/password/change/", "Passwort ändern – civicportal"),
        ("b", "/konto/password/reset/key/done/", "Passwort ändern – civicportal"),
        ("c", "/suche/?q=Garten", "Suche – civicportal"),
        ("d", "/suche/?q=Garten&art=engagement", "Suche – civicportal"),  # a filter: same page
        ("e", "/foerderung/antraege/1/#nachweis", "Antrag – civicportal"),
        ("f", "/foerderung/antraege/1/", "Antrag – civicportal"),  # an anchor: same page
    ]
    assert title_problems(titles, "civicportal") == [
        "title „Passwort ändern – civicportal“ is shared by 2 pages: "
        "['/konto/password/change/', '/konto/password/reset/key/done/']"
    ]


def test_page_two_of_a_list_needs_its_own_title():
    titles = [
        ("a", "/suche/?q=Garten", "Suche – civicportal"),
        ("b", "/suche/?q=Garten&seite=2", "Suche – civicportal"),
    ]
    assert len(title_problems(titles, "civicportal")) == 1
