"""iCalendar feeds of events (RFC 5545) with Europe/Berlin times."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as ICalEvent

from civicportal.core.text import site_host

BERLIN = ZoneInfo("Europe/Berlin")


def build_calendar(events, *, name: str) -> bytes:
    calendar = Calendar()
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
            Timezone.from_tzid("Europe/Berlin", first_date=first.date(), last_date=last.date())
        )
    host = site_host()
    now = timezone.now()
    for event in events:
        item = ICalEvent()
        item.add("uid", f"event-{event.pk}@{host}")
        item.add("dtstamp", now)
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
