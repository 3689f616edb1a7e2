"""Layout defects a person saw on single pages that the rules of the layout gate do not
express (issue 13): each measured in Chromium on the real page."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from funding.models import Status
from tests.funding.factories import ApplicationFactory


def _render(browser, live_url, path: str, width: int):
    """The page at ``path`` (fetched with the test client) laid out at ``width`` px."""
    response = Client().get(path)
    assert response.status_code == 200
    context = browser.new_context(
        locale="de-DE", base_url=live_url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.fulfill(status=200, content_type="text/html", body=response.content)
            if route.request.resource_type == "document"
            else route.continue_()
        ),
    )
    page.goto(path)
    return context, page


def test_funded_projects_filter_fields_stand_side_by_side(browser, live_url, db):
    application = ApplicationFactory(title="Interkultureller Garten")
    application.status = Status.APPROVED
    application.approved_amount = application.requested_amount
    application.save()
    context, page = _render(browser, live_url, reverse("funding:funded"), 1280)
    try:
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.funding-filter .kern-form-input')]
                .map((el) => el.getBoundingClientRect().toJSON())"""
        )
        year = page.evaluate(
            """() => [...document.querySelectorAll('thead th')]
                .find((th) => th.textContent.trim() === 'Jahr').getBoundingClientRect().height"""
        )
    finally:
        context.close()

    assert len(boxes) == 3
    # one row, each field no taller than label + input (they were 14rem apart, stacked)
    assert len({round(box["top"]) for box in boxes}) == 1, boxes
    assert all(box["height"] < 110 for box in boxes), boxes
    # „Jahr“ on one line (it read „Jah / r“)
    assert year < 50
