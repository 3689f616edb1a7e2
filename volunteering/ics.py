"""iCalendar files: one event per shift or consultation, and the private feed."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from civicportal.core.text import site_host
from volunteering.models import Booking, Signup

PRODID = "-//civicportal//Engagement//DE"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _shift_event(signup: Signup) -> Event:
    shift = signup.shift
    opportunity = shift.opportunity
    event = Event()
    event.add("uid", f"signup-{signup.pk}@{site_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", shift.starts_at)
    event.add("dtend", shift.ends_at)
    event.add("summary", f"{opportunity.title} ({opportunity.organisation.name})")
    if opportunity.place:
        event.add("location", opportunity.place)
    event.add("url", settings.SITE_URL + opportunity.get_absolute_url())
    event.add("description", opportunity.summary)
    if signup.status == Signup.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def signup_ics(signup: Signup) -> bytes:
    calendar = _calendar(signup.shift.opportunity.title)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_shift_event(signup))
    return calendar.to_ical()


def feed_ics(signups: Iterable[Signup]) -> bytes:
    calendar = _calendar("Meine Engagement-Termine")
    for signup in signups:
        calendar.add_component(_shift_event(signup))
    return calendar.to_ical()


def booking_ics(booking: Booking) -> bytes:
    slot = booking.slot
    calendar = _calendar("Beratung FreiwilligenAgentur")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"consultation-{booking.pk}@{site_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"Engagementberatung ({slot.get_mode_display()})")
    if slot.location:
        event.add("location", slot.location)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
