"""The event calendars (initiatives.ical on civicportal.core.ical): what the icalendar
library writes for the events, folded and escaped, and 304 for a client whose copy is
current."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from initiatives.ical import EVENT_FIELDS, build_calendar
from initiatives.models import Event
from tests.initiatives.factories import EventFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def strict(data: bytes):
    """The calendar as the strict RFC 5545 parser of the ``ical`` package reads it (it
    raises on any fault, e.g. a ``VTIMEZONE`` without ``STANDARD``/``DAYLIGHT``)."""
    return IcsCalendarStream.calendar_from_ics(data.decode())


# characters that are escaped, take several UTF-8 octets, or must not end a folded line
TRICKY = "äß€😀\\;,^\\N"

SETS = {
    "winter-only": [datetime.datetime(2031, 1, 14, 18, 0, tzinfo=BERLIN)],
    "summer-only": [
        datetime.datetime(2031, 7, 2, 17, 0, tzinfo=BERLIN),
        datetime.datetime(2031, 7, 2, 19, 0, tzinfo=BERLIN),
    ],
    "across-dst": [
        datetime.datetime(2031, 3, 29, 23, 30, tzinfo=BERLIN),
        datetime.datetime(2031, 10, 25, 23, 30, tzinfo=BERLIN),
    ],
    "across-years": [
        datetime.datetime(2031, 12, 31, 22, 0, tzinfo=BERLIN),
        datetime.datetime(2032, 8, 1, 10, 0, tzinfo=BERLIN),
    ],
}


@pytest.mark.parametrize("name", SETS)
def test_every_set_of_events_passes_the_strict_parser(chemnitz, name):
    for n, start in enumerate(SETS[name]):
        EventFactory(
            municipality=chemnitz,
            title=f"{'T' * n * 30}{TRICKY} Werkstatt, Teil {n}; mit \\ Backslash",
            description=f"{'x' * n * 40}{TRICKY * 12}\r\nZweite Zeile\nDritte {'ü' * n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
        )
    events = Event.objects.order_by("starts_at", "pk").only(*EVENT_FIELDS)

    built = build_calendar(events, name="Termine, Chemnitz")

    calendar = strict(built)
    assert [e.dtstart for e in calendar.events] == SETS[name]
    assert calendar.timezones[0].tz_id == "Europe/Berlin"
    assert max(len(line) for line in built.split(b"\r\n")) <= 75


def test_an_empty_calendar_passes_the_strict_parser():
    assert strict(build_calendar([], name="Termine")).events == []


def test_the_feeds_pass_the_strict_parser(client, chemnitz, initiative):
    EventFactory(
        municipality=chemnitz,
        initiative=initiative,
        starts_at=datetime.datetime(2031, 1, 14, 18, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2031, 1, 14, 20, 0, tzinfo=BERLIN),
    )
    for url in (
        reverse("initiatives:events_ics"),
        reverse("initiatives:initiative_ics", kwargs={"slug": initiative.slug}),
    ):
        assert len(strict(client.get(url).content).events) == 1


def test_descriptions_are_plain_text_not_markdown(chemnitz):
    event = EventFactory(
        municipality=chemnitz,
        description="Für alle **Stadtmacher\\*innen**: [Anmeldung](https://example.org/a)\n\n"
        "- erstens\n- zweitens",
    )
    event.speakers.create(name="Susann Seifert", affiliation="Stadt Chemnitz, Bürgerbüro")

    calendar = strict(build_calendar(Event.objects.filter(pk=event.pk), name="Termine"))

    description = calendar.events[0].description
    assert description.startswith(
        "Für alle Stadtmacher*innen: Anmeldung (https://example.org/a)\n\n- erstens\n- zweitens\n\n"
    )
    assert "Susann Seifert | Stadt Chemnitz, Bürgerbüro" in description
    assert "**" not in description
    assert "\\" not in description
    page = f"{settings.SITE_URL}{reverse('initiatives:event', kwargs={'pk': event.pk})}"
    assert description.endswith(page)
    assert calendar.events[0].url == page


def test_an_online_event_has_location_and_url(chemnitz):
    event = EventFactory(
        municipality=chemnitz, is_online=True, location="", online_url="https://meet.example/raum"
    )
    without_link = EventFactory(municipality=chemnitz, is_online=True, location="", online_url="")

    calendar = strict(build_calendar(Event.objects.order_by("pk"), name="Termine"))

    online, bare = calendar.events
    assert online.location == "Online-Veranstaltung: https://meet.example/raum"
    assert online.url == "https://meet.example/raum"
    assert bare.location == "Online-Veranstaltung"
    assert bare.url.endswith(reverse("initiatives:event", kwargs={"pk": without_link.pk}))
    assert event.pk


def test_every_event_page_offers_its_calendar_file(client, chemnitz):
    event = EventFactory(
        municipality=chemnitz,
        title="Sommerfest",
        starts_at=datetime.datetime(2031, 7, 2, 17, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2031, 7, 2, 19, 0, tzinfo=BERLIN),
    )
    page = client.get(reverse("initiatives:event", kwargs={"pk": event.pk})).content.decode()
    url = reverse("initiatives:event_ics", kwargs={"pk": event.pk})

    assert f'href="{url}"' in page
    assert "In den Kalender" in page
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="termin-{event.pk}.ics"'
    assert [e.summary for e in strict(response.content).events] == ["Sommerfest"]


def test_feed_needs_three_queries_whatever_the_number_of_events(
    client, chemnitz, django_assert_num_queries
):
    for event in EventFactory.create_batch(5, municipality=chemnitz):
        event.speakers.create(name="Susann Seifert")

    with django_assert_num_queries(3):  # coming events, past events, speakers
        response = client.get(reverse("initiatives:events_ics"))

    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 5


def test_feed_answers_304_while_nothing_changed(client, chemnitz):
    EventFactory(municipality=chemnitz, title="Stadtteilfest")
    url = reverse("initiatives:events_ics")

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert first["ETag"]
    assert again.status_code == 304
    assert again.content == b""


def test_feed_changes_its_etag_when_an_event_changes(client, chemnitz):
    event = EventFactory(municipality=chemnitz, title="Stadtteilfest")
    url = reverse("initiatives:events_ics")
    first = client.get(url)

    Event.objects.filter(pk=event.pk).update(title="Stadtteilfest (verschoben)")
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"verschoben" in again.content


def test_dtstamp_is_the_events_own_time_not_the_request_time(chemnitz):
    event = EventFactory(municipality=chemnitz)
    events = Event.objects.filter(pk=event.pk).only(*EVENT_FIELDS)

    first = build_calendar(events, name="Termine")

    assert first == build_calendar(events, name="Termine")
    stamp = icalendar.Calendar.from_ical(first).walk("VEVENT")[0]["dtstamp"].dt
    assert stamp == event.created_at.replace(microsecond=0)
