"""One formatter for points and ranges in time, so every page writes them alike.

``{% date_range event.starts_at event.ends_at %}`` reads
„Freitag, 1. Januar 2027, 09:30 – 16:00 Uhr“ on one day and
„Freitag, 1. Januar 2027, 22:00 Uhr – Samstag, 2. Januar 2027, 02:00 Uhr“ over midnight,
each end in a ``<time datetime>`` element; ``short=True`` abbreviates the weekday
(„Fr, 1. Januar 2027, …“) for tables.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

register = template.Library()


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _day(value: datetime.datetime, *, short: bool) -> str:
    # Translators: PHP-style date formats of Django's date filter (l = weekday, F = month)
    pattern = (
        pgettext("date format", "D, j. F Y") if short else pgettext("date format", "l, j. F Y")
    )
    return dateformat.format(value, pattern)


def _clock(value: datetime.datetime) -> str:
    return dateformat.time_format(value, "H:i")


def _time(value: datetime.datetime, text: str) -> SafeString:
    return format_html('<time datetime="{}">{}</time>', value.isoformat(timespec="minutes"), text)


def _oclock(text: str) -> str:
    # Translators: a time of day, „09:30 Uhr“; in English just the time
    return gettext("%(time)s Uhr") % {"time": text}


@register.simple_tag
def date_range(
    start: datetime.datetime, end: datetime.datetime | None = None, short: bool = False
) -> SafeString:
    """A start (and end) in local time: the day once if both fall on the same day."""
    if start is None:
        return SafeString("")
    start = _local(start)
    if end is None:
        return _time(start, _oclock(f"{_day(start, short=short)}, {_clock(start)}"))
    end = _local(end)
    if start.date() == end.date():
        return format_html(
            "{} – {}",
            _time(start, f"{_day(start, short=short)}, {_clock(start)}"),
            _time(end, _oclock(_clock(end))),
        )
    return format_html(
        "{} – {}",
        _time(start, _oclock(f"{_day(start, short=short)}, {_clock(start)}")),
        _time(end, _oclock(f"{_day(end, short=short)}, {_clock(end)}")),
    )
