"""Keyboard and layout: the skip link comes first, focus is always visible, and the main
journeys work by keyboard alone. (Reflow at 320 px and 200 % zoom is checked on every page
state by the gate, ``test_a11y_gate.check_pages``; its self-test is here.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory

from tests.e2e.conftest import login
from tests.e2e.portal_pages import Fetched, Visit, build_world
from tests.e2e.test_a11y_gate import check_pages

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


def test_reflow_check_catches_a_page_wider_than_320_px(browser, live_url, axe, db):
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
        problems = check_pages(context.new_page(), axe, pages)
    finally:
        context.close()

    kinds = sorted(problem.split(" – ")[0].rsplit(": ", 1)[1] for problem in problems)
    assert kinds == ["200 % zoom", "reflow at 320 px"]


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
