import datetime
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.factories import EventFactory, InitiativeFactory, UpdateFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def test_atom_feed_of_all_updates_parses(client, initiative):
    update = UpdateFactory(initiative=initiative, title="Modellroute eröffnet")
    UpdateFactory(initiative=initiative, title="Entwurf", is_published=False)

    response = client.get(reverse("initiatives:feed"))
    feed = feedparser.parse(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == [f"{initiative.title}: Modellroute eröffnet"]
    assert feed.entries[0].link == f"http://testserver{update.get_absolute_url()}"
    assert "<strong>Neues</strong>" in feed.entries[0].summary


def test_initiative_feed_lists_only_its_updates(client, initiative, chemnitz):
    UpdateFactory(initiative=initiative, title="Eigene")
    UpdateFactory(initiative=InitiativeFactory(municipality=chemnitz), title="Fremde")

    feed = feedparser.parse(
        client.get(reverse("initiatives:initiative_feed", args=[initiative.slug])).content
    )

    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == ["Eigene"]


def test_calendar_has_berlin_times(client, chemnitz, initiative):
    start = datetime.datetime(2031, 7, 1, 18, 30, tzinfo=BERLIN)  # summer time, UTC+2
    EventFactory(
        municipality=chemnitz,
        initiative=initiative,
        title="Werkstatt Modellroute",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )

    response = client.get(reverse("initiatives:events_ics"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))

    assert response["Content-Type"].startswith("text/calendar")
    assert [str(e["summary"]) for e in events] == ["Werkstatt Modellroute"]
    dtstart = events[0].decoded("dtstart")
    assert (dtstart.hour, dtstart.minute) == (18, 30)
    assert str(dtstart.tzinfo) == "Europe/Berlin"
    assert dtstart.utcoffset() == datetime.timedelta(hours=2)
    assert events[0].decoded("dtend") == start + datetime.timedelta(hours=2)
    assert len(list(calendar.walk("VTIMEZONE"))) == 1


def test_initiative_calendar_lists_only_its_events(client, chemnitz, initiative):
    EventFactory(municipality=chemnitz, initiative=initiative, title="Eigener Termin")
    EventFactory(municipality=chemnitz, title="Anderer Termin")

    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("initiatives:initiative_ics", args=[initiative.slug])).content
    )

    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Eigener Termin"]


def test_events_page_filters_upcoming_and_training(client, chemnitz, dortmund):
    EventFactory(municipality=chemnitz, title="Kommend")
    EventFactory(municipality=chemnitz, title="Fortbildung", is_training=True)
    past = datetime.datetime(2020, 1, 1, 10, tzinfo=BERLIN)
    EventFactory(
        municipality=chemnitz, title="Vorbei", starts_at=past, ends_at=past.replace(hour=12)
    )
    EventFactory(municipality=dortmund, title="Dortmund")

    def titles(**params):
        response = client.get(reverse("initiatives:events"), params)
        return sorted(e.title for e in response.context["page_obj"].object_list)

    assert titles() == ["Dortmund", "Fortbildung", "Kommend"]
    assert titles(kommune="chemnitz") == ["Fortbildung", "Kommend"]
    assert titles(fortbildung="on") == ["Fortbildung"]
    assert titles(zeitraum="vergangene") == ["Vorbei"]


def test_events_page_filters_by_theme(client, chemnitz, initiative):
    from tests.factories import ThemeFactory

    theme = ThemeFactory(slug="mobilitaet")
    initiative.themes.add(theme)
    EventFactory(municipality=chemnitz, initiative=initiative, title="Mit Thema")
    EventFactory(municipality=chemnitz, title="Ohne Thema")

    response = client.get(reverse("initiatives:events"), {"thema": "mobilitaet"})

    assert [e.title for e in response.context["page_obj"].object_list] == ["Mit Thema"]


@pytest.mark.parametrize("rows", [2, 30])
def test_events_query_count_is_constant(client, chemnitz, django_assert_max_num_queries, rows):
    for event in EventFactory.create_batch(rows, municipality=chemnitz):
        event.speakers.create(name="Susann Seifert")

    # choices (one UNION query), capped count, page, speakers
    with django_assert_max_num_queries(4):
        response = client.get(reverse("initiatives:events"), {"kommune": "chemnitz"})

    assert response.context["page_obj"].count == rows


def test_calendar_winter_time_and_page_show_berlin_local_time(client, chemnitz):
    start = datetime.datetime(2032, 1, 15, 9, 30, tzinfo=BERLIN)  # winter time, UTC+1
    event = EventFactory(
        municipality=chemnitz,
        title="Macht Stadt gemeinsam!",
        starts_at=start,
        ends_at=start.replace(hour=16, minute=0),
        is_training=True,
    )

    calendar = icalendar.Calendar.from_ical(client.get(reverse("initiatives:events_ics")).content)
    dtstart = next(iter(calendar.walk("VEVENT"))).decoded("dtstart")
    content = client.get(event.get_absolute_url()).content.decode()

    assert dtstart.utcoffset() == datetime.timedelta(hours=1)
    assert dtstart.astimezone(datetime.UTC).hour == 8
    assert "Donnerstag, 15. Januar 2032, 09:30" in content
    assert "Qualifizierungsangebot" in content


def test_published_events_and_updates_leave_out_draft_initiatives(chemnitz, initiative):
    from initiatives.models import Event, Update
    from tests.initiatives.factories import InitiativeFactory

    draft = InitiativeFactory(municipality=chemnitz, is_published=False)
    EventFactory(municipality=chemnitz, initiative=initiative, title="Mit Initiative")
    EventFactory(municipality=chemnitz, initiative=None, title="Ohne Initiative")
    EventFactory(municipality=chemnitz, initiative=draft, title="Entwurfsinitiative")
    EventFactory(municipality=chemnitz, initiative=initiative, title="Unveröffentlicht")
    Event.objects.filter(title="Unveröffentlicht").update(is_published=False)
    UpdateFactory(initiative=initiative, title="Sichtbar")
    UpdateFactory(initiative=draft, title="Versteckt")

    events = sorted(Event.objects.published().values_list("title", flat=True))
    updates = list(Update.objects.published().values_list("title", flat=True))

    assert events == ["Mit Initiative", "Ohne Initiative"]
    assert updates == ["Sichtbar"]


def test_calendar_feed_holds_every_coming_event_then_the_most_recent_past(
    client, chemnitz, monkeypatch
):
    from initiatives import views

    monkeypatch.setattr(views, "CALENDAR_MAX_EVENTS", 4)
    now = timezone.now()
    days_from_now = [
        ("Vor zwei Jahren", -730),
        ("Vor drei Monaten", -90),
        ("Vor zwei Monaten", -60),
        ("Vor drei Wochen", -21),
        ("Morgen", 1),
    ]
    for title, days in days_from_now:
        EventFactory(
            municipality=chemnitz, title=title, starts_at=now + datetime.timedelta(days=days)
        )
    running = now - datetime.timedelta(days=25)  # a four-week exhibition, still open
    EventFactory(
        municipality=chemnitz,
        title="Ausstellung",
        starts_at=running,
        ends_at=running + datetime.timedelta(days=28),
    )

    calendar = icalendar.Calendar.from_ical(client.get(reverse("initiatives:events_ics")).content)

    # the two coming (or running) events, then the two most recent past ones, by date
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "Vor zwei Monaten",
        "Ausstellung",
        "Vor drei Wochen",
        "Morgen",
    ]


def test_upcoming_events_include_running_ones_and_an_event_lasts_at_most_31_days(chemnitz):
    from django.core.exceptions import ValidationError

    from initiatives.models import Event

    now = timezone.now()
    running = EventFactory(
        municipality=chemnitz,
        starts_at=now - datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=1),
    )
    EventFactory(municipality=chemnitz, starts_at=now - datetime.timedelta(days=2))  # over
    too_long = Event(
        municipality=chemnitz,
        title="Sommer lang",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=32),
    )

    assert list(Event.objects.upcoming()) == [running]
    with pytest.raises(ValidationError, match="höchstens 31 Tage"):
        too_long.full_clean()
