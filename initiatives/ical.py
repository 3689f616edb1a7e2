"""iCalendar feeds of events (RFC 5545) with Europe/Berlin times.

The feed of all events holds up to 500 of them. Building it with the ``icalendar``
library cost about 170 ms per request (a property object, parameter objects and a
character-by-character line fold for each of ~5,000 lines), so the events are written
here directly, with the library's escaping and folding rules: the output is byte for
byte what ``icalendar`` writes (``tests/initiatives/test_ical.py`` compares both). Only
the ``VTIMEZONE`` component still comes from ``icalendar`` (one per feed, cached per
date range).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Timezone

from civicportal.core.text import site_host
from initiatives.models import Speaker

BERLIN = ZoneInfo("Europe/Berlin")
#: the columns of Event the calendar needs (``QuerySet.only``)
EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "is_online",
    "online_url",
)
_FOLD_LIMIT = 74  # octets per line before the break (icalendar folds below 75)


def _text(value: str) -> str:
    """A TEXT value, escaped in the order of ``icalendar.parser.string._escape_char``."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> bytes:
    """One content line as UTF-8, folded like ``icalendar``: at most 74 octets per
    physical line, never inside a UTF-8 sequence, and a trailing backslash or caret
    moves to the next line (so that an escape is not split)."""
    data = line.encode()
    if len(data) <= _FOLD_LIMIT:
        return data
    parts = []
    start, size = 0, len(data)
    while size - start > _FOLD_LIMIT:
        end = start + _FOLD_LIMIT
        while data[end] & 0xC0 == 0x80:  # inside a multi-byte character
            end -= 1
        if end - 1 > start and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _local(value: datetime.datetime, zone: datetime.tzinfo) -> str:
    """``YYYYMMDDTHHMMSS`` in ``zone`` (seconds precision, like icalendar)."""
    v = value.astimezone(zone)
    return f"{v.year:04d}{v.month:02d}{v.day:02d}T{v.hour:02d}{v.minute:02d}{v.second:02d}"


@lru_cache(maxsize=32)
def _vtimezone(first: datetime.date, last: datetime.date) -> bytes:
    return Timezone.from_tzid("Europe/Berlin", first_date=first, last_date=last).to_ical()


def _speakers(event_ids: list[int]) -> dict[int, list[str]]:
    """The speakers of the events, as ``str(speaker)``, in one query."""
    by_event: dict[int, list[str]] = {}
    rows = Speaker.objects.filter(event_id__in=event_ids).only("event_id", "name", "affiliation")
    for speaker in rows.order_by("event_id", *Speaker._meta.ordering):
        by_event.setdefault(speaker.event_id, []).append(str(speaker))
    return by_event


def _event_url_parts() -> tuple[str, str]:
    """``Event.get_absolute_url`` split around the pk: one ``reverse`` per feed."""
    marker = 987654321
    path = reverse("initiatives:event", kwargs={"pk": marker})
    before, after = path.split(str(marker))
    return f"{settings.SITE_URL}{before}", after


def build_calendar(events: Iterable, *, name: str) -> bytes:
    """The calendar of ``events`` (Event instances with at least ``EVENT_FIELDS``)."""
    events = list(events)
    lines = [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        _fold(f"PRODID:{_text(f'-//{settings.SITE_NAME}//Termine//DE')}"),
        b"CALSCALE:GREGORIAN",
        # X-WR-* are unknown to icalendar and written verbatim (no TEXT escaping)
        _fold("X-WR-CALNAME:" + str(name).replace("\r", " ").replace("\n", " ")),
        b"X-WR-TIMEZONE:Europe/Berlin",
    ]
    chunks = [b"\r\n".join(lines), b"\r\n"]
    if events:
        first = min(e.starts_at for e in events)
        last = max(e.ends_at for e in events)
        chunks.append(_vtimezone(first.date(), last.date()))
    host = _text(site_host())
    stamp = f"DTSTAMP:{_local(timezone.now(), datetime.UTC)}Z".encode()
    url_before, url_after = _event_url_parts()
    speakers = _speakers([e.pk for e in events]) if events else {}
    for event in events:
        description = event.description
        if event.pk in speakers:
            description += "\n\n" + "\n".join(speakers[event.pk])
        description = description.strip()
        location = event.location or (event.online_url if event.is_online else "")
        lines = [
            b"BEGIN:VEVENT",
            _fold(f"SUMMARY:{_text(event.title)}"),
            f"DTSTART;TZID=Europe/Berlin:{_local(event.starts_at, BERLIN)}".encode(),
            f"DTEND;TZID=Europe/Berlin:{_local(event.ends_at, BERLIN)}".encode(),
            stamp,
            _fold(f"UID:event-{event.pk}@{host}"),
        ]
        if description:
            lines.append(_fold(f"DESCRIPTION:{_text(description)}"))
        if location:
            lines.append(_fold(f"LOCATION:{_text(location)}"))
        lines.append(_fold(f"URL:{url_before}{event.pk}{url_after}"))
        lines.append(b"END:VEVENT")
        chunks.append(b"\r\n".join(lines))
        chunks.append(b"\r\n")
    chunks.append(b"END:VCALENDAR\r\n")
    return b"".join(chunks)
