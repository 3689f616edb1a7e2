"""Every calendar the portal writes (civicportal.core.ical) passes the strict RFC 5545
parser of the ``ical`` package: the volunteers' files and private feed (in UTC), here;
the public event feeds in tests/initiatives/test_ical.py."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream

from tests.volunteering.factories import (
    ConsultationSlotFactory,
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
)
from volunteering import services
from volunteering.ics import booking_ics, feed_ics, signup_ics

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def strict(data: bytes):
    return IcsCalendarStream.calendar_from_ics(data.decode())


@pytest.mark.parametrize(
    "start",
    [
        datetime.datetime(2031, 1, 14, 18, 0, tzinfo=BERLIN),
        datetime.datetime(2031, 7, 2, 17, 0, tzinfo=BERLIN),
        datetime.datetime(2031, 3, 30, 1, 30, tzinfo=BERLIN),  # the night of the change
    ],
)
def test_shift_files_and_the_private_feed_pass_the_strict_parser(volunteer, organisation, start):
    opportunity = OpportunityFactory(organisation=organisation, title="Frühstück für alle")
    ProfileFactory(user=volunteer)
    shift = ShiftFactory(
        opportunity=opportunity, starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    signup = services.sign_up(volunteer=volunteer, shift=shift)

    (event,) = strict(signup_ics(signup)).events
    (listed,) = strict(feed_ics([signup])).events

    assert event.dtstart == start
    assert listed.summary.startswith(opportunity.title)
    assert strict(feed_ics([])).events == []


def test_a_consultation_file_passes_the_strict_parser(resident):
    slot = ConsultationSlotFactory()
    booking = services.book_consultation(resident=resident, slot=slot)

    (event,) = strict(booking_ics(booking)).events

    assert event.dtstart == slot.starts_at
    assert event.location == "Ladenlokal in der Berswordt-Halle"
