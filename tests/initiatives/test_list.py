import datetime

import pytest
from django.urls import reverse

from civicportal.core.models import SDG
from tests.factories import DistrictFactory, InitiativeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("initiatives:list")


def _titles(response) -> list[str]:
    return [i.title for i in response.context["page_obj"].object_list]


def test_search_finds_inflected_german_word(client, chemnitz):
    InitiativeFactory(
        municipality=chemnitz, title="Modellroute", body="Ein neuer Radweg durch die Stadt."
    )
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town", body="Fairer Handel.")

    response = client.get(LIST, {"q": "Radwegen"})

    assert _titles(response) == ["Modellroute"]


def test_search_ranks_title_hits_first(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Kulturhauptstadt", body="Viel Mobilität.")
    InitiativeFactory(municipality=chemnitz, title="Mobilität für alle", body="")

    response = client.get(LIST, {"q": "Mobilität", "sortierung": "relevanz"})

    assert _titles(response) == ["Mobilität für alle", "Kulturhauptstadt"]


def test_search_websearch_syntax_excludes_words(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Radweg Nord")
    InitiativeFactory(municipality=chemnitz, title="Radweg Süd")

    response = client.get(LIST, {"q": "Radweg -Süd"})

    assert _titles(response) == ["Radweg Nord"]


def test_sdg_filter_narrows_to_initiatives_with_that_goal(client, chemnitz):
    climate = InitiativeFactory(municipality=chemnitz, title="Klimaschutz")
    climate.sdgs.set([SDG.objects.get(number=13)])
    fair = InitiativeFactory(municipality=chemnitz, title="Fairtrade")
    fair.sdgs.set([SDG.objects.get(number=12), SDG.objects.get(number=8)])

    response = client.get(LIST, {"sdg": "13"})

    assert _titles(response) == ["Klimaschutz"]
    assert response.context["page_obj"].count == 1


def test_filters_combine_municipality_theme_and_status(client, chemnitz, dortmund):
    theme = ThemeFactory(slug="mobilitaet", name="Mobilität")
    wanted = InitiativeFactory(municipality=chemnitz, title="A", status="pilot")
    wanted.themes.add(theme)
    other_city = InitiativeFactory(municipality=dortmund, title="B", status="pilot")
    other_city.themes.add(theme)
    InitiativeFactory(municipality=chemnitz, title="C", status="pilot")

    response = client.get(LIST, {"kommune": "chemnitz", "thema": "mobilitaet", "status": "pilot"})

    assert _titles(response) == ["A"]


def test_list_hides_unpublished_and_subprojects(client, chemnitz):
    parent = InitiativeFactory(municipality=chemnitz, title="nordwärts")
    InitiativeFactory(municipality=chemnitz, title="Teilprojekt", parent=parent)
    InitiativeFactory(municipality=chemnitz, title="Entwurf", is_published=False)

    response = client.get(LIST)

    assert _titles(response) == ["nordwärts"]


def test_search_finds_subprojects(client, chemnitz):
    parent = InitiativeFactory(municipality=chemnitz, title="nordwärts")
    InitiativeFactory(municipality=chemnitz, title="Quartiersgarten Nordmarkt", parent=parent)

    response = client.get(LIST, {"q": "Quartiersgarten"})

    assert _titles(response) == ["Quartiersgarten Nordmarkt"]


def test_sorting_newest_first(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Alt", start_date=datetime.date(2002, 1, 1))
    InitiativeFactory(municipality=chemnitz, title="Neu", start_date=datetime.date(2020, 1, 1))

    response = client.get(LIST, {"sortierung": "neueste"})

    assert _titles(response) == ["Neu", "Alt"]


def test_filter_state_stays_in_pagination_links(client, chemnitz):
    InitiativeFactory.create_batch(25, municipality=chemnitz)

    response = client.get(LIST, {"kommune": "chemnitz"})

    assert 'href="?kommune=chemnitz&amp;seite=2"' in response.content.decode()


def test_result_count_is_capped(client, chemnitz, monkeypatch):
    monkeypatch.setattr("civicportal.core.paging.CAP", 5)
    InitiativeFactory.create_batch(7, municipality=chemnitz)

    response = client.get(LIST)

    assert response.context["page_obj"].capped is True
    assert "1.000+ Treffer" in response.content.decode()


@pytest.mark.parametrize("rows", [2, 40])
def test_list_query_count_is_constant(client, chemnitz, django_assert_max_num_queries, rows):
    sdgs = list(SDG.objects.filter(number__in=[11, 12, 13]))
    theme = ThemeFactory(slug="mobilitaet")
    districts = DistrictFactory.create_batch(rows, municipality=chemnitz)
    for initiative in InitiativeFactory.create_batch(rows, municipality=chemnitz):
        initiative.sdgs.set(sdgs)
        initiative.themes.add(theme)
        initiative.districts.set(districts[:3])
    params = {"kommune": "chemnitz", "thema": "mobilitaet", "sdg": "11", "bezirk": districts[0].pk}

    # all four dropdowns in one query, no lookup of the chosen values: 4 queries
    with django_assert_max_num_queries(4):
        response = client.get(LIST, params)

    assert response.context["page_obj"].count == rows
    assert len(response.context["page_obj"].object_list) == min(rows, 20)


def test_filters_by_slug_number_and_district_without_lookups(client, chemnitz, dortmund):
    mitte = DistrictFactory(municipality=chemnitz, name="Zentrum")
    theme = ThemeFactory(slug="klima", name="Klima")
    match = InitiativeFactory(municipality=chemnitz, title="Treffer")
    match.themes.add(theme)
    match.sdgs.set(SDG.objects.filter(number=13))
    match.districts.add(mitte)
    other = InitiativeFactory(municipality=chemnitz, title="Ohne Bezirk")
    other.themes.add(theme)
    other.sdgs.set(SDG.objects.filter(number=13))
    InitiativeFactory(municipality=dortmund, title="Dortmund").themes.add(theme)

    response = client.get(
        LIST, {"kommune": "chemnitz", "thema": "klima", "sdg": "13", "bezirk": mitte.pk}
    )

    assert _titles(response) == ["Treffer"]


def test_unknown_filter_values_are_form_errors_not_server_errors(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Alles")

    response = client.get(
        LIST, {"kommune": "atlantis", "thema": "x", "sdg": "99", "bezirk": "99999999999999999999"}
    )

    assert response.status_code == 200
    assert set(response.context["filter"].form.errors) == {"kommune", "thema", "sdg", "bezirk"}
    assert _titles(response) == ["Alles"]


def test_district_choices_follow_the_chosen_municipality(client, chemnitz, dortmund):
    DistrictFactory(municipality=chemnitz, name="Sonnenberg")
    hoerde = DistrictFactory(municipality=dortmund, name="Hörde")

    chosen = client.get(LIST, {"kommune": "dortmund"}).context["filter"].form
    unchosen = client.get(LIST).context["filter"].form

    assert [label for _value, label in chosen.fields["bezirk"].choices][1:] == ["Hörde (Dortmund)"]
    assert len(list(unchosen.fields["bezirk"].choices)) == 3  # "alle" + both cities
    assert str(hoerde.pk) in [str(v) for v, _label in chosen.fields["bezirk"].choices]


def test_long_district_list_is_offered_only_per_municipality(
    client, chemnitz, dortmund, monkeypatch
):
    monkeypatch.setattr("civicportal.core.choices.MAX_DISTRICT_CHOICES", 2)
    chosen = DistrictFactory(municipality=chemnitz, name="Kaßberg")
    DistrictFactory.create_batch(2, municipality=dortmund)

    unfiltered = client.get(LIST).context["filter"].form
    linked = client.get(LIST, {"bezirk": chosen.pk}).context["filter"].form

    assert list(unfiltered.fields["bezirk"].choices) == [("", "alle")]
    assert [label for _v, label in linked.fields["bezirk"].choices] == [
        "alle",
        "Kaßberg (Chemnitz)",
    ]


@pytest.mark.parametrize("rows", [2, 40])
def test_search_query_count_is_constant(client, chemnitz, django_assert_max_num_queries, rows):
    InitiativeFactory.create_batch(rows, municipality=chemnitz, summary="Radverkehr stärken")

    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"q": "Radverkehrs"})

    assert response.context["page_obj"].count == rows


def test_search_queryset_method_on_updates_and_events(chemnitz, initiative):
    from initiatives.models import Event, Update
    from tests.initiatives.factories import EventFactory, UpdateFactory

    UpdateFactory(initiative=initiative, title="Neue Fahrradstraßen", body="")
    UpdateFactory(initiative=initiative, title="Kulturnacht", body="")
    EventFactory(municipality=chemnitz, title="Werkstatt", description="Über Fahrradstraße")

    assert [u.title for u in Update.objects.search("Fahrradstraße")] == ["Neue Fahrradstraßen"]
    assert [e.title for e in Event.objects.search("Fahrradstraßen")] == ["Werkstatt"]


def test_filter_and_badge_for_running_participation(client, chemnitz, initiative, open_phase):
    InitiativeFactory(municipality=chemnitz, title="Ohne Beteiligung")

    response = client.get(LIST, {"beteiligung": "on"})

    assert _titles(response) == [initiative.title]
    assert "Beteiligung läuft" in response.content.decode()
