from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.volunteering.factories import (
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteering.matching import matches_for, matching_state, profile_for_matching
from volunteering.models import Shift, slot_bit

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int, hour: int) -> datetime.datetime:
    """The given weekday at least a week ahead, at ``hour`` local time."""
    day = timezone.localdate() + datetime.timedelta(days=7)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def world():
    city = MunicipalityFactory(slug="dortmund", name="Dortmund")
    home = DistrictFactory(municipality=city, name="Hörde", slug="hoerde")
    away = DistrictFactory(municipality=city, name="Eving", slug="eving")
    klima = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    kultur = ThemeFactory(name="Kultur", slug="kultur")
    organisation = OrganisationFactory(municipality=city)
    return {
        "city": city,
        "home": home,
        "away": away,
        "klima": klima,
        "kultur": kultur,
        "organisation": organisation,
    }


def _opportunity(world, title, *, themes, district, start, capacity=5, **extra):
    opportunity = OpportunityFactory(
        organisation=world["organisation"],
        title=title,
        themes=themes,
        district=district,
        **extra,
    )
    ShiftFactory(
        opportunity=opportunity,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
    )
    return opportunity


def _many_opportunities(world, count: int) -> None:
    """``count`` climate opportunities in the profile's district, at varied times."""
    for index in range(count):
        _opportunity(
            world,
            f"Angebot {index}",
            themes=[world["klima"]],
            district=world["home"],
            start=next_weekday(index % 7, 9 + index % 12),
        )


@pytest.fixture
def profile(world):
    return ProfileFactory(
        user=UserFactory(),
        municipality=world["city"],
        district=world["home"],
        interests=[world["klima"]],
        availability_mask=slot_bit(1, "evening"),
        age_band="16-17",
    )


def test_matches_ranked_by_score_with_reasons(world, profile):
    tuesday_evening = next_weekday(1, 18)
    saturday_morning = next_weekday(5, 9)
    _opportunity(
        world,
        "Kultur nebenan",
        themes=[world["kultur"]],
        district=world["home"],
        start=saturday_morning,
    )
    _opportunity(
        world,
        "Bäume gießen",
        themes=[world["klima"]],
        district=world["away"],
        start=saturday_morning,
    )
    _opportunity(
        world,
        "Klimacafé Hörde",
        themes=[world["klima"]],
        district=world["home"],
        start=tuesday_evening,
    )

    matches = matches_for(profile)

    assert [(m.opportunity.title, m.score) for m in matches] == [
        ("Klimacafé Hörde", 85),
        ("Bäume gießen", 40),
        ("Kultur nebenan", 25),
    ]
    assert matches[0].reasons == [
        "passt zu deinem Interesse Klimaschutz",
        "in deinem Stadtbezirk",
        "dienstags abends — da hast du Zeit",
    ]
    assert matches[1].reasons == ["passt zu deinem Interesse Klimaschutz"]
    assert matches[2].reasons == ["in deinem Stadtbezirk"]


def test_full_past_closed_young_unpublished_and_elsewhere_never_appear(world, profile):
    start = next_weekday(1, 18)
    klima = [world["klima"]]
    home = world["home"]
    full = _opportunity(world, "Voll", themes=klima, district=home, start=start, capacity=1)
    Shift.objects.filter(opportunity=full).update(taken=1)
    from volunteering.services import refresh_opportunity

    refresh_opportunity(opportunity_id=full.pk)
    _opportunity(
        world,
        "Vorbei",
        themes=klima,
        district=home,
        start=timezone.now() - datetime.timedelta(days=1),
    )
    _opportunity(world, "Geschlossen", themes=klima, district=home, start=start, is_closed=True)
    _opportunity(world, "Erst ab 18", themes=klima, district=home, start=start, minimum_age=18)
    _opportunity(world, "Entwurf", themes=klima, district=home, start=start, is_published=False)
    elsewhere = OrganisationFactory(municipality=MunicipalityFactory())
    OpportunityFactory(organisation=elsewhere, title="Anderswo", themes=klima)
    _opportunity(world, "Passt", themes=klima, district=home, start=start, minimum_age=16)

    assert [m.opportunity.title for m in matches_for(profile)] == ["Passt"]


def test_remote_opportunity_from_elsewhere_appears_with_reason(world, profile):
    other_city = MunicipalityFactory()
    remote = OpportunityFactory(
        organisation=OrganisationFactory(municipality=other_city),
        title="Online-Redaktion",
        themes=[world["klima"]],
        is_remote=True,
    )
    ShiftFactory(opportunity=remote, starts_at=next_weekday(3, 10))
    profile.wants_remote = True
    profile.save()

    matches = matches_for(profile)

    assert [(m.opportunity.title, m.reasons) for m in matches] == [
        (
            "Online-Redaktion",
            ["passt zu deinem Interesse Klimaschutz", "auch von zu Hause aus möglich"],
        )
    ]


def test_skills_and_languages_add_reasons(world, profile):
    first_aid = SkillFactory(name="Erste Hilfe", slug="erste-hilfe")
    profile.skills.set([first_aid])
    profile.languages = ["de", "tr"]
    profile.save()
    opportunity = _opportunity(
        world,
        "Sanitätsdienst",
        themes=[],
        district=world["away"],
        start=next_weekday(2, 10),
        languages=["tr"],
    )
    opportunity.skills.set([first_aid])
    from volunteering.services import refresh_opportunity

    refresh_opportunity(opportunity_id=opportunity.pk)

    matches = matches_for(profile)

    assert [(m.opportunity.title, m.score, m.reasons) for m in matches] == [
        ("Sanitätsdienst", 20, ["braucht, was du kannst: Erste Hilfe", "Sprache: Türkisch"])
    ]


def test_matching_is_one_query_for_the_rows(world, profile, django_assert_max_num_queries):
    _many_opportunities(world, 30)

    with django_assert_max_num_queries(4):
        matches = matches_for(profile)

    assert len(matches) == 20


def test_remote_from_elsewhere_only_for_people_who_want_remote(world, profile):
    remote = OpportunityFactory(
        organisation=OrganisationFactory(municipality=MunicipalityFactory()),
        title="Online-Redaktion",
        themes=[world["klima"]],
        is_remote=True,
    )
    ShiftFactory(opportunity=remote, starts_at=next_weekday(3, 10))

    assert matches_for(profile) == []


def test_opportunities_already_signed_up_for_are_left_out(world, profile):
    from volunteering.services import sign_up

    start = next_weekday(1, 18)
    mine = _opportunity(
        world, "Schon dabei", themes=[world["klima"]], district=world["home"], start=start
    )
    _opportunity(
        world, "Neu für mich", themes=[world["klima"]], district=world["away"], start=start
    )
    sign_up(volunteer=profile.user, shift=mine.shifts.get())

    assert [m.opportunity.title for m in matches_for(profile)] == ["Neu für mich"]


def test_profile_read_for_matching_brings_its_interests_and_skills(
    world, profile, django_assert_num_queries
):
    _many_opportunities(world, 25)

    with django_assert_num_queries(3):  # the profile, the ranking, the rows shown
        read = profile_for_matching(profile.user)
        matches = matches_for(read)

    assert len(matches) == 20
    assert matches[0].reasons[0] == "passt zu deinem Interesse Klimaschutz"
    assert [m.opportunity.title for m in matches] == [
        m.opportunity.title for m in matches_for(profile)
    ]


def test_no_profile_no_matching():
    user = UserFactory()

    assert profile_for_matching(user) is None
    assert matching_state(user) is None


def test_matching_state_changes_with_interests_and_sign_ups(world, profile):
    from volunteering import services

    opportunity = _opportunity(
        world,
        "Klimacafé",
        themes=[world["klima"]],
        district=world["home"],
        start=next_weekday(1, 18),
    )
    before = matching_state(profile.user)
    services.sign_up(volunteer=profile.user, shift=opportunity.shifts.get())
    after_signup = matching_state(profile.user)
    profile.interests.add(world["kultur"])

    assert before[0] == profile.pk
    assert before[2] == (world["klima"].pk,)
    assert after_signup[4] == (opportunity.shifts.get().pk,)
    assert matching_state(profile.user)[2] == tuple(sorted([world["klima"].pk, world["kultur"].pk]))
