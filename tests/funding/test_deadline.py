"""Submitting only while the call is open, judged on the server in Europe/Berlin."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from funding import services
from funding.models import Status
from tests.funding.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def _call(programme, closes_at: datetime.datetime):
    return CallFactory(
        programme=programme,
        opens_at=closes_at - datetime.timedelta(days=60),
        closes_at=closes_at,
        funding_start=datetime.date(2026, 1, 1),
        funding_end=datetime.date(2026, 12, 31),
        year=2026,
    )


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (datetime.datetime(2026, 1, 31, 23, 59, 59, tzinfo=BERLIN), True),
        (datetime.datetime(2026, 2, 1, 0, 0, 0, tzinfo=BERLIN), False),
        (datetime.datetime(2026, 2, 1, 0, 0, 1, tzinfo=BERLIN), False),
    ],
)
def test_submit_at_deadline_boundary(programme, organisation, org_member, moment, allowed):
    call = _call(programme, datetime.datetime(2026, 2, 1, 0, 0, tzinfo=BERLIN))
    application = ApplicationFactory(call=call, organisation=organisation)

    with time_machine.travel(moment, tick=False):
        if allowed:
            services.submit(application=application, by=org_member)
        else:
            with pytest.raises(services.FundingError, match="Der Aufruf ist geschlossen"):
                services.submit(application=application, by=org_member)

    application.refresh_from_db()
    assert (application.status == Status.SUBMITTED) is allowed


@pytest.mark.parametrize(
    ("utc_moment", "allowed"),
    [
        # The clocks go forward on 29 March 2026 at 02:00 CET. The deadline is 12:00
        # Berlin summer time (CEST, UTC+2) = 10:00 UTC.
        (datetime.datetime(2026, 3, 29, 9, 59, 59, tzinfo=datetime.UTC), True),
        (datetime.datetime(2026, 3, 29, 10, 0, 0, tzinfo=datetime.UTC), False),
        # 10:30 UTC would still be "before 12:00" if winter time were wrongly assumed.
        (datetime.datetime(2026, 3, 29, 10, 30, 0, tzinfo=datetime.UTC), False),
    ],
)
def test_submit_deadline_on_dst_change_day(
    programme, organisation, org_member, utc_moment, allowed
):
    call = _call(programme, datetime.datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN))
    application = ApplicationFactory(call=call, organisation=organisation)

    with time_machine.travel(utc_moment, tick=False):
        problems = services.submission_problems(application)

    closed = [message for field, message in problems if "geschlossen" in message]
    assert (closed == []) is allowed
    if not allowed:
        assert closed == [
            "Der Aufruf ist geschlossen: Antragsschluss war am 29. März 2026, 12:00 Uhr."
        ]


def test_submit_before_opening_is_refused(programme, organisation, org_member):
    call = _call(programme, datetime.datetime(2026, 6, 1, 0, 0, tzinfo=BERLIN))
    application = ApplicationFactory(call=call, organisation=organisation)

    with (
        time_machine.travel(datetime.datetime(2026, 1, 1, 12, 0, tzinfo=BERLIN), tick=False),
        pytest.raises(services.FundingError, match="noch nicht geöffnet"),
    ):
        services.submit(application=application, by=org_member)


def test_resubmission_after_deadline_is_allowed(programme, organisation, org_member):
    call = _call(programme, datetime.datetime(2026, 2, 1, 0, 0, tzinfo=BERLIN))
    application = ApplicationFactory(call=call, organisation=organisation)
    application.status = Status.CHANGES_REQUESTED
    application.save()

    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=BERLIN), tick=False):
        services.resubmit(application=application, by=org_member)

    application.refresh_from_db()
    assert application.status == Status.RESUBMITTED
