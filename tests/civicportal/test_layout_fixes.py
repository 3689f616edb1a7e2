"""What a person saw on the landed portal (issue 13, „Layout and documents“), each pinned:
the home page's title, the navigation on /termine/, the range of an event on one day, the
colour of „auf der Warteliste“, uploaded images served (safely) at all."""

from __future__ import annotations

import datetime
import io
import re
import zoneinfo

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.factories import InitiativeFactory, UserFactory
from tests.initiatives.factories import EventFactory
from tests.volunteering.factories import ShiftFactory
from volunteering import services
from volunteering.models import Signup

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S)[1]


def test_home_title_reads_page_dash_site(client):
    # was „Startseitecivicportal“
    assert _title(client.get("/").content.decode()) == "Startseite – civicportal"


def test_every_title_uses_the_same_separator(client):
    assert _title(client.get(reverse("imprint")).content.decode()) == "Impressum – civicportal"


def _current_nav_item(html: str) -> list[str]:
    nav = html.split('aria-label="Hauptnavigation"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


def test_events_page_marks_termine_as_current(client):
    # was „Initiativen“
    assert _current_nav_item(client.get(reverse("initiatives:events")).content.decode()) == [
        "Termine"
    ]


def test_event_page_marks_termine_and_initiative_page_initiativen(client):
    event = EventFactory()
    assert _current_nav_item(client.get(event.get_absolute_url()).content.decode()) == ["Termine"]
    initiatives = client.get(reverse("initiatives:list")).content.decode()
    assert _current_nav_item(initiatives) == ["Initiativen"]


def _render_range(start, end=None, **options) -> str:
    template = Template(
        "{% load dates %}{% date_range start end" + (" short=True" if options else "") + " %}"
    )
    html = template.render(Context({"start": start, "end": end}))
    return re.sub(r"<[^>]+>", "", html)


def test_range_on_one_day_names_the_day_once():
    start = datetime.datetime(2027, 1, 1, 9, 30, tzinfo=BERLIN)
    end = datetime.datetime(2027, 1, 1, 16, 0, tzinfo=BERLIN)
    with translation.override("de"):
        # was „Freitag, 1. Januar 2027, 09:30 – 1. Januar 2027, 16:00 Uhr“
        assert _render_range(start, end) == "Freitag, 1. Januar 2027, 09:30 – 16:00 Uhr"
        assert _render_range(start, end, short=True) == "Fr, 1. Januar 2027, 09:30 – 16:00 Uhr"


def test_range_over_midnight_names_both_days():
    start = datetime.datetime(2027, 1, 1, 22, 0, tzinfo=BERLIN)
    end = datetime.datetime(2027, 1, 2, 2, 0, tzinfo=BERLIN)
    with translation.override("de"):
        assert _render_range(start, end) == (
            "Freitag, 1. Januar 2027, 22:00 Uhr – Samstag, 2. Januar 2027, 02:00 Uhr"
        )


def test_range_in_english_has_no_uhr():
    start = datetime.datetime(2027, 1, 1, 9, 30, tzinfo=BERLIN)
    end = datetime.datetime(2027, 1, 1, 16, 0, tzinfo=BERLIN)
    with translation.override("en"):
        assert _render_range(start, end) == "Friday, 1 January 2027, 09:30 – 16:00"


def test_range_is_in_local_time_with_machine_readable_ends():
    start = datetime.datetime(2027, 1, 1, 8, 30, tzinfo=datetime.UTC)  # 09:30 in Berlin
    html = Template("{% load dates %}{% date_range start %}").render(Context({"start": start}))
    assert (
        html == '<time datetime="2027-01-01T09:30+01:00">Freitag, 1. Januar 2027, 09:30 Uhr</time>'
    )


def test_event_page_shows_one_day_event_with_the_day_once(client):
    event = EventFactory(
        starts_at=datetime.datetime(2027, 1, 1, 9, 30, tzinfo=BERLIN),
        ends_at=datetime.datetime(2027, 1, 1, 16, 0, tzinfo=BERLIN),
    )
    text = re.sub(r"<[^>]+>", "", client.get(event.get_absolute_url()).content.decode())
    assert "Freitag, 1. Januar 2027, 09:30 – 16:00 Uhr" in text
    assert "2027, 16:00" not in text


def test_waitlisted_signup_is_not_shown_as_success(client):
    shift = ShiftFactory(capacity=1)
    services.sign_up(volunteer=UserFactory(), shift=shift)
    waiting = UserFactory()
    signup = services.sign_up(volunteer=waiting, shift=shift)
    assert signup.status == Signup.Status.WAITLISTED
    client.force_login(waiting)

    html = client.get(shift.opportunity.get_absolute_url()).content.decode()

    badge = re.search(
        r'<span class="kern-badge kern-badge--(\w+)">(?:(?!</span>).)*Warteliste', html
    )
    assert badge is not None
    assert badge[1] == "warning"  # was kern-badge--success (green)


def test_confirmed_signup_is_success_and_declined_danger():
    assert Signup(status=Signup.Status.CONFIRMED).badge == "success"
    assert Signup(status=Signup.Status.DECLINED).badge == "danger"
    assert Signup(status=Signup.Status.PENDING).badge == "info"


# --- uploaded media -------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_initiative_image_is_served_with_safe_headers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory(image_alt="Hochbeete im Garten")
    initiative.image.save("garten.png", ContentFile(_png()))

    page = client.get(initiative.get_absolute_url()).content.decode()
    # shown as renditions (issue 17): WebP and PNG/JPEG widths, the alt text kept
    assert '<source type="image/webp"' in page
    assert 'alt="Hochbeete im Garten"' in page
    response = client.get(initiative.image.url)  # was 404: nothing served /media/

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == _png()


@pytest.mark.parametrize(
    "name", ["bild.svg", "seite.html", "skript.js", "ohne-endung", "daten.json"]
)
def test_only_images_video_and_captions_are_served(client, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / name).write_bytes(b"<script>alert(1)</script>")
    assert client.get(f"/media/{name}").status_code == 404


def test_media_outside_the_root_and_private_files_are_not_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "geheim.png").write_bytes(_png())
    assert client.get("/media/../geheim.png").status_code == 404
    assert client.get("/media/%2e%2e/geheim.png").status_code == 404
    assert client.get("/media/fehlt.png").status_code == 404
    assert client.post("/media/fehlt.png").status_code == 405
