"""The event calendars (initiatives.ical on civicportal.core.ical): what the icalendar
library writes for the events, folded and escaped, and 304 for a client whose copy is
current."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from civicportal.core.text import site_host
from initiatives.ical import EVENT_FIELDS, build_calendar
from initiatives.models import Event
from tests.initiatives.factories import EventFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def reference_calendar(events, *, name: str) -> bytes:
    """The calendar as the icalendar library builds it (the former implementation)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Termine//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    events = list(events)
    if events:
        first = min(e.starts_at for e in events)
        last = max(e.ends_at for e in events)
        calendar.add_component(
            icalendar.Timezone.from_tzid(
                "Europe/Berlin", first_date=first.date(), last_date=last.date()
            )
        )
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"event-{event.pk}@{site_host()}")
        item.add("dtstamp", timezone.now())
        item.add("dtstart", event.starts_at.astimezone(BERLIN))
        item.add("dtend", event.ends_at.astimezone(BERLIN))
        item.add("summary", event.title)
        description = event.description
        speakers = list(event.speakers.all())
        if speakers:
            description += "\n\n" + "\n".join(str(s) for s in speakers)
        if description.strip():
            item.add("description", description.strip())
        location = event.location or (event.online_url if event.is_online else "")
        if location:
            item.add("location", location)
        item.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
        calendar.add_component(item)
    return calendar.to_ical()


def _without_stamp(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:X", data)


# characters that are escaped, take several UTF-8 octets, or must not end a folded line
TRICKY = "äß€😀\\;,^\\N"


def test_calendar_is_byte_for_byte_what_icalendar_writes(chemnitz):
    start = datetime.datetime(2031, 3, 29, 23, 30, tzinfo=BERLIN)  # around the DST change
    for n in range(0, 80, 3):
        EventFactory(
            municipality=chemnitz,
            title=f"{'T' * n}{TRICKY} Werkstatt, Teil {n}; mit \\ Backslash",
            description=f"{'x' * n}{TRICKY * 12}\r\nZweite Zeile\nDritte {'ü' * n}",
            location="" if n % 2 else f"{'L' * n}{TRICKY}",
            is_online=n % 4 == 1,
            online_url=f"https://example.org/raum?a=1,b;{n}",
            starts_at=start + datetime.timedelta(hours=n),
            ends_at=start + datetime.timedelta(hours=n, minutes=90),
        )
    event = EventFactory(municipality=chemnitz, title="Ohne Beschreibung", location="")
    event.speakers.create(name="Susann Seifert", affiliation="Stadt Chemnitz, Bürgerbüro")
    event.speakers.create(name="Ali Öztürk", position=1)
    EventFactory(municipality=chemnitz, title="Leer", description="   \n ", location="")
    events = Event.objects.order_by("starts_at", "pk")

    built = build_calendar(events.only(*EVENT_FIELDS), name="Termine, Chemnitz")
    reference = reference_calendar(events.prefetch_related("speakers"), name="Termine, Chemnitz")

    assert _without_stamp(built) == _without_stamp(reference)
    assert max(len(line) for line in built.split(b"\r\n")) <= 75
    parsed = icalendar.Calendar.from_ical(built)
    speakers_event = next(e for e in parsed.walk("VEVENT") if e["summary"] == "Ohne Beschreibung")
    assert str(speakers_event["description"]) == (
        "Susann Seifert | Stadt Chemnitz, Bürgerbüro\nAli Öztürk"
    )
    assert str(speakers_event["url"]) == (
        f"{settings.SITE_URL}{reverse('initiatives:event', kwargs={'pk': event.pk})}"
    )


def test_empty_calendar_is_what_icalendar_writes():
    assert build_calendar([], name="Termine") == reference_calendar([], name="Termine")


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
