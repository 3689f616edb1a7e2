"""The initiatives' event calendars, written by ``civicportal.core.ical`` (icalendar)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from civicportal.core import ical
from civicportal.core.text import markdown_to_text
from initiatives.models import Speaker

#: the columns of Event the calendar needs (``QuerySet.only``)
EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "is_online",
    "online_url",
    "created_at",
)


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
    """The calendar of ``events`` (Event instances with at least ``EVENT_FIELDS``), in
    Europe/Berlin times; speakers follow the description."""
    events = list(events)
    speakers = _speakers([event.pk for event in events]) if events else {}
    url_before, url_after = _event_url_parts()
    entries = [
        _entry(event, speakers.get(event.pk, []), f"{url_before}{event.pk}{url_after}")
        for event in events
    ]
    return ical.build(entries, name=str(name), local_times=True)


def _entry(event, speakers: list[str], page_url: str) -> ical.Entry:
    """One event: the description as plain text (the Markdown rendered and stripped), its
    speakers, and the event page; an online event names its room in ``LOCATION`` and
    links it as ``URL`` (calendar apps offer that link to join)."""
    parts = [markdown_to_text(event.description)]
    if speakers:
        parts.append("\n".join(speakers))
    location, url = event.location, page_url
    if event.is_online:
        online = _("Online-Veranstaltung")
        if event.online_url:
            online = f"{online}: {event.online_url}"
            url = event.online_url
        location = f"{online} · {location}" if location else online
    parts.append(_("Details: %(url)s") % {"url": page_url})
    return ical.Entry(
        uid=f"event-{event.pk}",
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        stamp=event.created_at,
        description="\n\n".join(part for part in parts if part),
        location=location,
        url=url,
    )


def build_event_file(event) -> bytes:
    """One event as a file for „In den Kalender“."""
    return build_calendar([event], name=event.title)
