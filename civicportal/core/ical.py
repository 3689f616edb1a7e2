"""The portal's one calendar writer: iCalendar (RFC 5545) through the ``icalendar``
library, for the public event feeds, the volunteers' private feed and the files attached
to e-mails.

Feeds are polled by calendar clients every few minutes. ``calendar_response`` answers a
poll whose copy is current with ``304 Not Modified``: the body carries no time of the
request (``DTSTAMP`` is the record's own time), so its hash is a strong ``ETag`` that
stays the same until an event changes.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from icalendar import Calendar, Event, Timezone

from civicportal.core.text import site_host

TZID = "Europe/Berlin"
BERLIN = ZoneInfo(TZID)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    """One event of a calendar. ``uid`` is unique within the site (the host is added);
    ``stamp`` is when the record was made or last changed (not the time of the request)."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    stamp: datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = ""  # CONFIRMED, CANCELLED, … (empty: none written)
    #: revision of the event (RFC 5546): a changed or cancelled event keeps its ``uid``
    #: and carries a higher ``sequence``, so calendars replace their copy
    sequence: int = 0


def _timezone(entries: list[Entry]) -> Timezone:
    """The ``VTIMEZONE`` of Europe/Berlin for whole calendar years around ``entries``.

    A range inside one winter or one summer (or a single day) would give a ``VTIMEZONE``
    without any ``STANDARD``/``DAYLIGHT`` part, which RFC 5545 forbids; a whole year holds
    both, and the component stays the same while the events stay in the same years (the
    feed's ETag does not change with every new event)."""
    first = min(entry.starts_at for entry in entries).astimezone(BERLIN)
    last = max(entry.ends_at for entry in entries).astimezone(BERLIN)
    return Timezone.from_tzid(
        TZID,
        first_date=datetime.date(first.year, 1, 1),
        last_date=datetime.date(last.year, 12, 31),
    )


def build(
    entries: Iterable[Entry],
    *,
    name: str,
    product: str = "Termine",
    method: str = "",
    local_times: bool = False,
) -> bytes:
    """The calendar of ``entries``. With ``local_times`` the times are written in
    Europe/Berlin with a ``VTIMEZONE`` (the public feeds), else in UTC."""
    entries = list(entries)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//{product}//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    if local_times:
        calendar.add("x-wr-timezone", TZID)
        if entries:
            calendar.add_component(_timezone(entries))
    host = site_host()
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", entry.stamp.astimezone(datetime.UTC))
        start, end = entry.starts_at, entry.ends_at
        if local_times:
            start, end = start.astimezone(BERLIN), end.astimezone(BERLIN)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", entry.summary)
        if entry.description.strip():
            event.add("description", entry.description.strip())
        if entry.location:
            event.add("location", entry.location)
        if entry.url:
            event.add("url", entry.url)
        if entry.status:
            event.add("status", entry.status)
        if entry.sequence:
            event.add("sequence", entry.sequence)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(
    request: HttpRequest,
    body: bytes,
    *,
    filename: str,
    last_modified: datetime.datetime | None = None,
    disposition: str = "inline",
) -> HttpResponse:
    """``body`` as a calendar download, or ``304 Not Modified`` when the client's copy
    (``If-None-Match`` / ``If-Modified-Since``) is current."""
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return response
