"""Screenshots of the main pages with the demo content, desktop and phone.

``make screenshots`` writes them to ``docs/screenshots/`` (linked from the README); in a
normal test run they go to a temporary folder, so the run still proves that every main
page renders with its styles and without sideways scrolling on a phone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def _first(model_path: str, preferred: str) -> str | None:
    from django.apps import apps

    model = apps.get_model(model_path)
    queryset = model.objects.published()
    obj = queryset.filter(slug=preferred).first() or queryset.first()
    return obj.get_absolute_url() if obj else None


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def main_pages() -> list[tuple[str, str]]:
    pages = [
        ("startseite", "/"),
        ("suche", f"{reverse('search')}?q=Fairtrade"),
        ("initiativen", _url("initiatives:list")),
        ("initiative", _first("initiatives.Initiative", "fairtrade-town-chemnitz")),
        ("termine", _url("initiatives:events")),
        ("engagement", _url("volunteering:list")),
        (
            "engagement-angebot",
            _first("volunteering.Opportunity", "fairtrade-fruehstueck-beispiel"),
        ),
        ("foerderung", _url("funding:programmes")),
        ("gefoerderte-projekte", _url("funding:funded")),
        ("barrierefreiheit", reverse("accessibility")),
        ("leichte-sprache", reverse("easy_language")),
    ]
    return [(name, url) for name, url in pages if url]


def test_screenshots_of_main_pages(browser, live_url, transactional_db, tmp_path, capsys):
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    target = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    pages = main_pages()
    written = []
    for device, viewport in VIEWPORTS.items():
        context = browser.new_context(locale="de-DE", base_url=live_url, viewport=viewport)
        page = context.new_page()
        try:
            for name, url in pages:
                response = page.goto(url)
                assert response.status == 200, f"{url}: HTTP {response.status}"
                font = page.evaluate("getComputedStyle(document.body).fontFamily")
                assert "Fira Sans" in font, f"{url}: KERN styles missing"
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{url} on {device}: {width} px wide"
                path = target / f"{name}-{device}.png"
                page.screenshot(path=path)
                written.append(path)
        finally:
            context.close()

    assert all(path.stat().st_size > 10_000 for path in written)
    with capsys.disabled():
        print(f"\nscreenshots: {len(written)} written to {target}")


@pytest.mark.parametrize("name", ["startseite", "suche", "barrierefreiheit"])
def test_main_pages_include_the_portal_pages(name, db):
    assert name in dict(main_pages())
