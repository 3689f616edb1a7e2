"""Keyboard and layout: the skip link comes first, focus is always visible, every page
reflows at 320 px without sideways scrolling and nothing is cut off at 200 % zoom, and the
main journeys work by keyboard alone."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from tests.e2e.conftest import login
from tests.e2e.portal_pages import Fetched, Visit, build_world, fetch_worlds

# A focused element counts as visibly focused when it (or, for KERN's check boxes, its
# label) draws an outline or a box shadow.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Focus inside a control's own user-agent parts (the calendar button of a date input):
  // the browser draws that ring itself; the element does not match :focus then.
  if (!el.matches(':focus')) return null;
  const visible = (node) => {
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    return outline || (s.boxShadow && s.boxShadow !== 'none');
  };
  const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
  return {
    name: (el.textContent || el.name || el.id || el.tagName).trim().slice(0, 60),
    visible: visible(el) || (label !== null && visible(label)),
  };
}"""

# Horizontal overflow: the page scrolls sideways, or an element clips its own content.
OVERFLOW = """(width) => {
  const doc = document.documentElement;
  const clipped = [];
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    // A text field scrolls its own value: that is not content cut off.
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
    const s = getComputedStyle(el);
    if ((s.overflowX === 'hidden' || s.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1
        && !el.classList.contains('kern-sr-only') && el.clientWidth > 0) {
      clipped.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
    }
  }
  return {scrollWidth: doc.scrollWidth, clipped: clipped.slice(0, 5), width};
}"""


def _tab_through(page, presses: int) -> list[dict]:
    states = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is not None:
            states.append(state)
    return states


def test_first_tab_reaches_skip_link_and_enter_moves_into_main(page, transactional_db):
    page.goto("/barrierefreiheit/")

    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")

    assert first == "Zum Inhalt springen"
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/barrierefreiheit/", "/konto/login/"])
def test_focus_is_always_visible(page, transactional_db, path):
    page.goto(path)

    states = _tab_through(page, 40)

    invisible = [state["name"] for state in states if not state["visible"]]
    assert states, "nothing received focus"
    assert invisible == []


def _render_all(page, pages, width: int, height: int, scale: float) -> list[str]:
    """Render every page at ``width`` CSS pixels; return the pages that overflow."""
    page.set_viewport_size({"width": width, "height": height})
    current: dict = {}

    def serve(route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, headers=current["headers"], body=current["html"])
        else:
            route.continue_()

    page.route("**/*", serve)
    problems = []
    for item in pages:
        current.update(html=item.html, headers=item.headers)
        page.goto(item.url)
        result = page.evaluate(OVERFLOW, width)
        if result["scrollWidth"] > width or result["clipped"]:
            problems.append(
                f"{item.visit.label} {item.url}: scrollWidth {result['scrollWidth']} > {width}"
                f" or clipped {result['clipped']}"
            )
    page.unroute("**/*")
    return problems


@pytest.mark.parametrize(
    ("width", "height", "scale", "what"),
    [(320, 640, 1, "320 px"), (640, 400, 2, "200 % zoom of a 1280 px window")],
)
def test_no_page_scrolls_sideways_or_cuts_off(
    browser, live_url, db, width, height, scale, what, capsys
):
    pages = [p for p in fetch_worlds(("one", "many")) if p.visit.method == "GET"]
    context = browser.new_context(
        locale="de-DE",
        base_url=live_url,
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
    )
    try:
        problems = _render_all(context.new_page(), pages, width, height, scale)
    finally:
        context.close()

    assert problems == [], "\n".join(problems)
    with capsys.disabled():
        print(f"\nreflow at {what}: {len(pages)} pages × states, none wider than {width} px")


def test_reflow_check_catches_a_page_wider_than_320_px(browser, live_url, db):
    wide = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Breit{% endblock %}'
        "{% block content %}<h1>Breit</h1><pre>" + "x" * 200 + "</pre>{% endblock %}"
    )
    request = RequestFactory().get("/breit/")
    request.user = AnonymousUser()
    pages = [
        Fetched(
            Visit("breit", "absichtlich breit", "/breit/"), wide.render({}, request), {}, "/breit/"
        )
    ]
    context = browser.new_context(locale="de-DE", base_url=live_url)
    try:
        problems = _render_all(context.new_page(), pages, 320, 640, 1)
    finally:
        context.close()

    assert len(problems) == 1
    assert "scrollWidth" in problems[0]


# --- journeys by keyboard alone ------------------------------------------------------------

ACTIVE = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id || '',
          text: (el.innerText || el.value || '').trim(), href: el.getAttribute('href') || ''};
}"""


def tab_to(page, matches, limit: int = 250) -> dict:
    """Press Tab until the focused element ``matches``; every element passed on the way must
    show a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        focus = page.evaluate(FOCUS_STATE)
        assert focus is None or focus["visible"], f"focus not visible on {active}"
        if matches(active):
            return active
    raise AssertionError(f"Tab never reached the element on {page.url}")


def _enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def world(transactional_db):
    return build_world("one")


def test_keyboard_journey_search_initiative_idea(page, live_url, world):
    login(page, world.users.resident, live_url)
    page.goto("/")

    tab_to(page, lambda a: a["id"] == "header-search")
    page.keyboard.type("Gemeinschaftsgarten")
    _enter_and_wait(page)
    tab_to(page, lambda a: a["tag"] == "a" and a["text"] == "Gemeinschaftsgarten 1")
    _enter_and_wait(page)
    tab_to(page, lambda a: a["text"] == "Ideen einbringen")
    _enter_and_wait(page)
    tab_to(page, lambda a: a["id"] == "id_title")
    page.keyboard.type("Sitzbänke am Garten")
    tab_to(page, lambda a: a["id"] == "id_body")
    page.keyboard.type("Damit Ältere sich ausruhen können.")
    tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "Idee einreichen")
    _enter_and_wait(page)

    assert page.get_by_role("heading", level=1).inner_text() == "Sitzbänke am Garten"
    assert page.get_by_text("Danke! Deine Idee").is_visible()


def test_keyboard_journey_opportunity_signup(page, live_url, world):
    login(page, world.users.resident, live_url)
    page.goto("/engagement/")

    tab_to(page, lambda a: a["tag"] == "a" and a["text"] == "Hilf im Garten mit (1)")
    _enter_and_wait(page)
    tab_to(page, lambda a: a["tag"] == "button" and a["text"].startswith("Anmelden"))
    _enter_and_wait(page)

    assert page.get_by_text("Du bist angemeldet.").is_visible()


def test_keyboard_journey_call_application(page, live_url, world):
    call = world.objects["call"]
    login(page, world.users.org_member, live_url)
    page.goto(call.programme.get_absolute_url())

    tab_to(page, lambda a: a["tag"] == "a" and a["href"] == call.get_absolute_url())
    _enter_and_wait(page)
    tab_to(page, lambda a: a["text"] == "Antrag stellen")
    _enter_and_wait(page)
    tab_to(page, lambda a: a["id"] == "id_title")
    page.keyboard.type("Hochbeete für alle")
    tab_to(page, lambda a: a["tag"] == "button" and a["text"] == "Entwurf speichern")
    _enter_and_wait(page)

    assert page.get_by_text("Dein Entwurf ist gespeichert.").is_visible()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Antrag „Hochbeete für alle“ bearbeiten"
    )
