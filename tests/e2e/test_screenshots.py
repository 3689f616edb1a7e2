"""Screenshots, desktop (1280 px) and phone (390 px): the main pages with the demo content,
and every page kind of the portal – signed-in pages, dashboards and forms included – in
the accessibility gate's world ``one`` (one record of each kind).

``make screenshots`` writes them to ``docs/screenshots/`` (main pages, linked from the
README) and ``docs/screenshots/seiten/`` (every page kind); in a normal test run they go
to a temporary folder, so the run still proves that every page renders with its styles and
without sideways scrolling on a phone. The PNGs are reduced to a 256-colour palette
(Pillow) to keep the repository small.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from PIL import Image

from tests.e2e.portal_pages import Fetched, build_world, fetch, visits_for

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


#: page kinds are shot in full up to this height (CSS px), so forms and tables show
MAX_HEIGHT = 2400
#: only ``make screenshots`` spends the time to shrink the files for the repository
OPTIMISE = bool(os.environ.get("SCREENSHOTS_DIR"))


def save_screenshot(page, path: Path, *, full: bool = False) -> None:
    """The viewport (or the page up to ``MAX_HEIGHT``) as a PNG; for the repository with a
    256-colour palette (about a third of the size, text stays sharp)."""
    if full:
        size = page.viewport_size
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        data = page.screenshot(
            full_page=True, clip={"x": 0, "y": 0, "width": size["width"], "height": height}
        )
    else:
        data = page.screenshot()
    if not OPTIMISE:
        path.write_bytes(data)
        return
    image = Image.open(io.BytesIO(data)).convert("RGB")
    image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def page_kinds(pages: list[Fetched]) -> dict[str, Fetched]:
    """One page per URL name: a page one opens (GET, or where an action led), signed in
    where the page has a signed-in state."""
    kinds: dict[str, Fetched] = {}
    for item in pages:
        visit = item.visit
        if visit.method != "GET" or visit.status != 200:
            continue
        name = visit.url_name.replace(":", "-").replace("_", "-")
        if name not in kinds or (visit.user and not kinds[name].visit.user):
            kinds[name] = item
    return kinds


def test_screenshots_of_every_page_kind(browser, live_url, db, tmp_path, capsys):
    world = build_world("one")
    kinds = page_kinds(fetch(world, visits_for(world)))
    target = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path) / "seiten"
    target.mkdir(parents=True, exist_ok=True)
    current: dict = {}

    def serve(route) -> None:
        if route.request.resource_type == "document":
            route.fulfill(status=200, headers=current["headers"], body=current["html"])
        else:
            route.continue_()

    written = []
    for device, viewport in VIEWPORTS.items():
        context = browser.new_context(locale="de-DE", base_url=live_url, viewport=viewport)
        page = context.new_page()
        page.route("**/*", serve)
        try:
            for name, item in sorted(kinds.items()):
                current.update(html=item.html, headers=item.headers)
                page.goto(item.url)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{item.url} on {device}: {width} px wide"
                path = target / f"{name}-{device}.png"
                save_screenshot(page, path, full=True)
                written.append(path)
        finally:
            context.close()

    assert len(kinds) >= 40
    assert all(path.stat().st_size > 5_000 for path in written)
    with capsys.disabled():
        print(f"\nscreenshots: {len(written)} of {len(kinds)} page kinds written to {target}")


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
                save_screenshot(page, path)
                written.append(path)
        finally:
            context.close()

    assert all(path.stat().st_size > 5_000 for path in written)
    with capsys.disabled():
        print(f"\nscreenshots: {len(written)} written to {target}")


@pytest.mark.parametrize("name", ["startseite", "suche", "barrierefreiheit"])
def test_main_pages_include_the_portal_pages(name, db):
    assert name in dict(main_pages())
