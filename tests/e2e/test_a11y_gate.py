"""The accessibility gate: every page type of the URL map, in every state, in Chromium with
axe-core (WCAG 2.1 A/AA and EN 301 549 rules). Zero violations.

The pages come from ``tests/e2e/portal_pages.py``; a URL name the gate does not know fails
``test_every_url_name_has_a_gate_entry``. Each state's HTML is produced by Django's test
client (signed in through the real login form, forms posted with errors, flows stepped
through) and rendered in the browser at its own URL on the live server, with the portal's
own headers (the strict CSP included) and its real style sheets; axe then checks the
rendered page. One browser context per world; many pages per test.
"""

from __future__ import annotations

import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.views.i18n import JavaScriptCatalog

from civicportal.core.models import StaffMembership
from tests.e2e.conftest import AXE_TAGS
from tests.e2e.engines import (
    BACK_OFFICE_KNOWN,
    IBM_STYLE_RULES,
    Finding,
    accepted,
    known_on_back_office,
    run_htmlcs,
    run_ibm,
)
from tests.e2e.portal_pages import (
    ADMIN_GATE,
    GATE,
    WORLDS,
    Fetched,
    Visit,
    build_world,
    fetch,
    missing_gate_entries,
    visits_for,
)
from tests.factories import StaffMembershipFactory, UserFactory

# Horizontal overflow: the page scrolls sideways, or an element clips its own content.
OVERFLOW = """(width) => {
  const doc = document.documentElement;
  const clipped = [];
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    // A text field scrolls its own value: that is not content cut off.
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
    const s = getComputedStyle(el);
    // Text for screen readers only (KERN's and Django's admin's class) is clipped on purpose.
    const srOnly = ['kern-sr-only', 'visually-hidden'].some((name) => el.classList.contains(name));
    if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1
        && !srOnly && el.clientWidth > 0) {
      clipped.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    }
  }
  return {scrollWidth: doc.scrollWidth, clipped: clipped.slice(0, 5), width};
}"""

DESKTOP = {"width": 1280, "height": 800}
# 320 CSS px: WCAG 1.4.10 reflow. 640 CSS px: how a browser lays out a 1280 px window at
# 200 % zoom (WCAG 1.4.4); the device scale changes only the pixels, not the layout.
REFLOW_WIDTHS = {320: "reflow at 320 px", 640: "200 % zoom"}


def check_pages(
    page,
    axe,
    pages: list[Fetched],
    *,
    engines: bool = True,
    timings: Counter | None = None,
    known: Counter | None = None,
) -> list[str]:
    """Render each fetched page in ``page``, run axe, HTML_CodeSniffer and IBM's engine
    (``engines``; in the same page load), then lay it out at 320 and 640 CSS px; return one
    line per violation, per Content-Security-Policy report of the browser and per width at
    which the page scrolls sideways or cuts content off. ``timings`` adds up the seconds
    spent per engine; ``known`` counts the tolerated findings of the back office
    (``BACK_OFFICE_KNOWN``), which are not returned."""
    timings = Counter() if timings is None else timings
    known = Counter() if known is None else known

    def tolerated(item: Fetched, key: str) -> bool:
        if known_on_back_office(item.visit.url_name, key):
            known[key] += 1
            return True
        return False

    current: dict = {}
    catalogue = reverse("admin:jsi18n")

    def serve(route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, headers=current["headers"], body=current["html"])
        elif urlsplit(route.request.url).path == catalogue:
            # The browser carries no session (the pages come from the test client), and
            # the admin serves its JavaScript catalogue to signed-in staff only: without
            # it, the admin's scripts (gettext) stop half-way and the page is not the one
            # an editor sees.
            route.fulfill(status=200, content_type="text/javascript", body=_admin_catalogue())
        else:
            route.continue_()

    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.route("**/*", serve)
    failures = []
    for item in pages:
        current.update(html=item.html, headers=item.headers)
        console.clear()
        started = time.perf_counter()
        page.goto(item.url)
        timings["load"] += time.perf_counter() - started
        # The page's own reports, read before the engines run: axe copies style sheets that
        # @import others (the admin's forms.css) into <style> elements of its own, which the
        # strict CSP refuses — a report about the test tool, not about the page.
        reports = list(console)
        started = time.perf_counter()
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        timings["axe"] += time.perf_counter() - started
        for violation in results.response["violations"]:
            if tolerated(item, violation["id"]):
                continue
            targets = [node["target"] for node in violation["nodes"][:3]]
            failures.append(
                f"{item.visit.label} {item.url}: {violation['id']} – {violation['help']} "
                f"({len(violation['nodes'])}×, e.g. {targets})"
            )
        if engines:
            failures.extend(_engine_failures(page, item, timings, tolerated))
        failures.extend(
            f"{item.visit.label} {item.url}: CSP – {text}"
            for text in reports
            if not tolerated(item, "CSP")
        )
        for width, what in REFLOW_WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 800})
            result = page.evaluate(OVERFLOW, width)
            too_wide = result["scrollWidth"] > width or result["clipped"]
            if too_wide and not tolerated(item, "reflow"):
                failures.append(
                    f"{item.visit.label} {item.url}: {what} – scrollWidth "
                    f"{result['scrollWidth']} > {width} (clipped: {result['clipped']})"
                )
        page.set_viewport_size(DESKTOP)
    page.unroute("**/*")
    return failures


def _admin_catalogue() -> bytes:
    """The admin's JavaScript catalogue (``admin:jsi18n``) as a signed-in editor gets it."""
    request = RequestFactory().get(reverse("admin:jsi18n"))
    with translation.override(settings.LANGUAGE_CODE):
        return JavaScriptCatalog.as_view(packages=["django.contrib.admin"])(request).content


def _engine_failures(page, item: Fetched, timings: Counter, tolerated) -> list[str]:
    """HTML_CodeSniffer and IBM's engine on the page as shown: one line per rule and page,
    with how often it fired and the first elements."""
    found = []
    for name, run in (("HTML_CodeSniffer", run_htmlcs), ("IBM", run_ibm)):
        started = time.perf_counter()
        found += run(page)
        timings[name] += time.perf_counter() - started
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in found:
        if not accepted(finding) and not tolerated(item, f"{finding.engine} {finding.rule}"):
            grouped.setdefault((finding.engine, finding.rule), []).append(finding)
    return [
        f"{item.visit.label} {item.url}: {engine} {rule} – {same[0].message} "
        f"({len(same)}×, e.g. {[finding.element for finding in same[:2]]})"
        for (engine, rule), same in grouped.items()
    ]


@pytest.mark.parametrize("size", WORLDS)
def test_every_page_state_is_accessible(size, browser, live_url, axe, db, record_property):
    world = build_world(size)
    pages = fetch(world, visits_for(world, admin=True))
    context = browser.new_context(locale="de-DE", base_url=live_url, viewport=DESKTOP)
    timings: Counter = Counter()
    known: Counter = Counter()
    try:
        failures = check_pages(context.new_page(), axe, pages, timings=timings, known=known)
    finally:
        context.close()

    assert failures == [], "\n".join(failures)
    if size == "one":  # the back office pages are visited in this world
        stale = set(BACK_OFFICE_KNOWN) - set(known)
        assert stale == set(), f"fixed in the back office, remove from BACK_OFFICE_KNOWN: {stale}"
    names = {item.visit.url_name for item in pages}
    seconds = ", ".join(f"{engine} {spent:.0f} s" for engine, spent in timings.items())
    record_property(
        "portal_report",
        f"accessibility gate [{size}]: {len(pages)} pages × states checked ({len(names)} URL "
        "names), 0 findings of axe, HTML_CodeSniffer and IBM Equal Access; no sideways "
        f"scrolling at 320 px and at 200 % zoom ({seconds}); {sum(known.values())} known "
        f"findings of Django's admin tolerated ({len(known)} rules, BACK_OFFICE_KNOWN)",
    )


def test_every_url_name_has_a_gate_entry():
    assert missing_gate_entries() == set()


def _view(request):  # pragma: no cover - never called
    raise AssertionError


class _UrlconfWithNewPage:
    urlpatterns = [path("neu/", _view, name="brand_new_page")]


def test_gate_reports_a_url_name_without_entry():
    assert missing_gate_entries(_UrlconfWithNewPage) == {"brand_new_page"}


def test_gate_fails_on_a_template_with_an_image_without_alt(browser, live_url, axe, db):
    broken = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Kaputt{% endblock %}'
        '{% block content %}<h1>Kaputt</h1><img src="/static/img/favicon.svg">{% endblock %}'
    )
    request = RequestFactory().get("/kaputt/")
    request.user = AnonymousUser()
    html = broken.render({}, request)
    pages = [
        Fetched(Visit("kaputt", "absichtlich kaputt", "/kaputt/"), html, {}, "/kaputt/"),
    ]
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        failures = check_pages(context.new_page(), axe, pages)
    finally:
        context.close()

    # one finding per engine: axe, HTML_CodeSniffer (H37) and IBM (img_alt_valid)
    assert len(failures) == 3, failures
    assert "image-alt" in failures[0]
    assert any("HTML_CodeSniffer" in line and "H37" in line for line in failures)
    assert any("IBM img_alt_valid" in line for line in failures)


def test_gate_entries_are_callable_for_every_world():
    # Guard against a typo in GATE: every entry is a function of a world.
    assert all(callable(make) for make in (GATE | ADMIN_GATE).values())


def _planted_page(content: str) -> Fetched:
    """A page of the portal (``base.html``) with ``content`` in <main>."""
    template = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Kaputt{% endblock %}'
        "{% block content %}<h1>Kaputt</h1>" + content + "{% endblock %}"
    )
    request = RequestFactory().get("/kaputt/")
    request.user = AnonymousUser()
    return Fetched(
        Visit("kaputt", "absichtlich kaputt", "/kaputt/"),
        template.render({}, request),
        {},
        "/kaputt/",
    )


def _show(page, planted: Fetched) -> None:
    page.unroute("**/kaputt/")
    page.route(
        "**/kaputt/",
        lambda route: route.fulfill(status=200, content_type="text/html", body=planted.html),
    )
    page.goto(planted.url)


# A text field without any label: a defect every engine knows (WCAG 1.3.1, 4.1.2).
UNLABELLED_FIELD = '<form method="get" action="/suche/"><input type="text" name="q"></form>'


def test_each_engine_finds_a_planted_defect(browser, live_url, axe, db):
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        failures = check_pages(context.new_page(), axe, [_planted_page(UNLABELLED_FIELD)])
    finally:
        context.close()

    engines_found = {
        "axe": any(": label – " in line for line in failures),
        "HTML_CodeSniffer": any(
            ": HTML_CodeSniffer " in line and "F68" in line for line in failures
        ),
        "IBM": any(": IBM input_label_exists " in line for line in failures),
    }
    assert engines_found == {"axe": True, "HTML_CodeSniffer": True, "IBM": True}, failures


def test_reviewed_exceptions_do_not_hide_other_elements(browser, live_url, axe, db):
    # The accepted finding about the skip link outside the landmarks is bound to the skip
    # link: other content outside the landmarks is still reported.
    planted = _planted_page("")
    planted.html = planted.html.replace(
        '<body class="kern-light">', '<body class="kern-light"><p>Außerhalb</p>', 1
    )
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        page = context.new_page()
        _show(page, planted)
        found = [f for f in run_ibm(page) if f.rule == "aria_content_in_landmark"]
    finally:
        context.close()

    assert [accepted(f) for f in found].count(False) == 1, found


def test_style_rules_hold_and_catch_a_planted_defect(browser, live_url, axe, db):
    """The IBM rules that judge the style sheets (``IBM_STYLE_RULES``), which the gate runs
    on one page per style sheet family rather than on every state: on the portal's pages
    and on the back office they pass, and !important text spacing planted into a page is
    found."""
    editor = UserFactory(is_staff=True)
    StaffMembershipFactory(user=editor, role=StaffMembership.Role.EDITOR)
    client = Client()
    client.force_login(editor)
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 200
    back_office = Fetched(
        Visit("admin:index", "Seite", "/verwaltung/"), admin.content.decode(), {}, "/kaputt/"
    )
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        page = context.new_page()
        page.goto("/barrierefreiheit/")
        clean = [f for f in run_ibm(page, style_rules=True) if f.rule in IBM_STYLE_RULES]
        _show(page, back_office)
        clean += [f for f in run_ibm(page, style_rules=True) if f.rule in IBM_STYLE_RULES]
        _show(page, _planted_page('<p style="line-height: 1 !important">Enger Text</p>'))
        planted = [f.rule for f in run_ibm(page, style_rules=True)]
    finally:
        context.close()

    assert [str(f) for f in clean] == []
    assert "text_spacing_valid" in planted
