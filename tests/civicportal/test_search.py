"""The one search: German full-text search over every kind, grouped, ranked, highlighted,
paged, with a typo-tolerant suggestion, in a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse

from civicportal.core import search as engine
from civicportal.core.models import Organisation
from civicportal.search import search
from funding.models import Status
from initiatives.models import CouncilDecision, Initiative
from tests.factories import InitiativeFactory, OrganisationFactory
from tests.funding.factories import ApplicationFactory
from tests.initiatives.factories import EventFactory, IdeaFactory, PhaseFactory, UpdateFactory
from tests.volunteering.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _flat(html: str) -> str:
    """The page as read: the template's line breaks and indentation are single spaces."""
    return " ".join(html.split())


def _funded(**kwargs):
    application = ApplicationFactory(**kwargs)
    application.status = Status.APPROVED
    application.publication_consent = True
    application.save()
    return application


@pytest.fixture
def garden_everywhere(chemnitz, dortmund):
    """One record of every kind that mentions a Garten (singular)."""
    initiative = InitiativeFactory(
        municipality=chemnitz, title="Grüne Höfe", summary="Ein Garten für alle Nachbarn."
    )
    UpdateFactory(initiative=initiative, title="Neuer Garten eröffnet")
    EventFactory(municipality=dortmund, title="Pflanztag im Garten")
    organisation = OrganisationFactory(
        municipality=chemnitz, name="Gartenfreunde e. V.", description="Wir pflegen den Garten."
    )
    OpportunityFactory(organisation=organisation, title="Hilf im Garten mit")
    _funded(call__programme__municipality=chemnitz, title="Interkultureller Garten")
    IdeaFactory(initiative=initiative, title="Ein Garten am Spielplatz")
    PhaseFactory(initiative=initiative, title="Werkstatt: Garten planen")
    CouncilDecision.objects.create(
        municipality=chemnitz,
        initiative=initiative,
        title="Beschluss zum Garten",
        decided_on=datetime.date(2025, 5, 1),
        is_published=True,
    )
    CouncilDecision.objects.create(  # a draft (issue 17) is never found
        municipality=chemnitz,
        initiative=initiative,
        title="Entwurf: Beschluss zum Garten",
        decided_on=datetime.date(2025, 6, 1),
    )
    return initiative


def test_inflected_word_finds_every_kind(garden_everywhere):
    results = search("Gärten")

    counts = {group.kind.key: group.count for group in results.groups}
    assert counts == {
        "initiativen": 1,
        "ideen": 1,
        "phasen": 1,
        "beschluesse": 1,
        "neuigkeiten": 1,
        "termine": 1,
        "engagement": 1,
        "organisationen": 1,
        "gefoerderte-projekte": 1,
    }


def test_search_page_groups_results_with_counts_and_highlights(client, garden_everywhere):
    html = _flat(client.get(reverse("search"), {"q": "Gärten"}).content.decode())

    assert "9 Treffer für „Gärten“" in html
    assert '>Initiativen <span class="kern-body">(1)</span></h2>' in html
    assert '>Geförderte Projekte <span class="kern-body">(1)</span></h2>' in html
    assert "<mark>Garten</mark> für alle Nachbarn" in html
    assert f'href="{garden_everywhere.get_absolute_url()}"' in html


def test_misspelled_query_gets_a_suggestion_that_finds_results(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Engagement für den Klimaschutz")

    html = _flat(client.get(reverse("search"), {"q": "Klimschutz"}).content.decode())

    assert "Keine Treffer für „Klimschutz“" in html
    assert 'Meintest du: <a class="kern-link" href="?q=Klimaschutz">Klimaschutz</a>?' in html
    assert search("Klimaschutz").total == 1


def test_suggestion_corrects_each_word_from_any_kind_and_keeps_the_operators(chemnitz):
    OpportunityFactory(organisation__municipality=chemnitz, title="Hilfe in der Nachbarschaft")
    _funded(call__programme__municipality=chemnitz, title="Bücherschrank am Markt")

    results = search("Nachbarshaft Bücherschank -Wald")

    assert results.total == 0
    assert results.suggestion == "Nachbarschaft Bücherschrank -Wald"
    assert search("Nachbarschaft -Wald").total == 1
    assert search("Bücherschrank").total == 1


def test_suggestion_reads_only_titles_in_the_chosen_municipality(chemnitz, dortmund):
    InitiativeFactory(municipality=dortmund, title="Engagement für den Klimaschutz")

    assert search("Klimschutz").suggestion == "Klimaschutz"
    assert search("Klimschutz", municipality=chemnitz).suggestion == ""


def test_suggestion_is_empty_when_nothing_is_similar(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")

    assert search("Xylophon").suggestion == ""


def test_fairtade_gets_fairtrade_and_a_correct_word_gets_no_suggestion(client, chemnitz):
    """„Fairtade“ is 0.58 similar to „Fairtrade“ (under pg_trgm's default of 0.6), and
    the title word is „Fairtrade-Town“: the suggestion reads its parts, too."""
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    InitiativeFactory(municipality=chemnitz, title="Engagement für den Klimaschutz")

    assert search("Fairtade").suggestion == "Fairtrade"
    assert search("Klimschutz").suggestion == "Klimaschutz"
    assert search("Fairtrade").total == 1
    titles = [(Initiative.objects.published(), "title")]
    assert engine.suggest("Fairtrade", titles) == ""
    assert engine.suggest("Klimaschutz Chemnitz", titles) == ""
    html = _flat(client.get(reverse("initiatives:list"), {"q": "Fairtade"}).content.decode())
    assert 'Meintest du: <a class="kern-link" href="?q=Fairtrade">Fairtrade</a>?' in html


def _one_letter_typos(word: str) -> set[str]:
    """``word`` with one letter wrong, missing or added, at every position."""
    typos = set()
    for at in range(len(word)):
        other = "x" if word[at].lower() != "x" else "q"
        typos.add(word[:at] + other + word[at + 1 :])
        typos.add(word[:at] + word[at + 1 :])
        typos.add(word[:at] + "x" + word[at:])
    typos.add(word + "x")
    return typos - {word}


@pytest.mark.parametrize("word", ["Garten", "Schule", "Fairtrade", "Klimaschutz"])
def test_every_one_letter_typo_of_a_word_of_six_letters_or_more_is_corrected(chemnitz, word):
    """Wrong, missing or extra: the typo either still finds the record (a missing last
    letter is a prefix) or gets the word as its suggestion."""
    InitiativeFactory(municipality=chemnitz, title=f"Unser {word} am Markt")

    missed = []
    for typo in sorted(_one_letter_typos(word)):
        results = search(typo)
        if results.total == 0 and results.suggestion != word:
            missed.append((typo, results.suggestion))

    assert missed == []


def test_start_of_a_compound_word_finds_it(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Engagement für den Klimaschutz")

    assert search("Klima").total == 1


def test_unpublished_and_unconsented_records_are_not_found(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Geheimer Garten", is_published=False)
    OpportunityFactory(
        organisation__municipality=chemnitz, title="Garten-Entwurf", is_published=False
    )
    OrganisationFactory(municipality=chemnitz, name="Gartenverein", verified_at=None)
    application = ApplicationFactory(
        call__programme__municipality=chemnitz, title="Gartenantrag", publication_consent=False
    )
    application.status = Status.APPROVED
    application.save()

    assert search("Garten").total == 0


def test_municipality_filter_narrows_every_kind(client, garden_everywhere, dortmund):
    html = _flat(
        client.get(reverse("search"), {"q": "Garten", "kommune": "dortmund"}).content.decode()
    )

    assert "1 Treffer für „Garten“" in html
    assert "Pflanztag im Garten" in html
    assert "Grüne Höfe" not in html


def test_kind_filter_pages_through_results(client, chemnitz):
    InitiativeFactory.create_batch(12, municipality=chemnitz, summary="Ein Garten im Viertel.")

    first = client.get(reverse("search"), {"q": "Garten", "art": "initiativen"})
    second = client.get(reverse("search"), {"q": "Garten", "art": "initiativen", "seite": 2})

    assert _flat(first.content.decode()).count('<li class="portal-result">') == 10
    assert _flat(second.content.decode()).count('<li class="portal-result">') == 2
    assert 'rel="next"' in _flat(first.content.decode())


def test_snippet_escapes_text_and_marks_only_matches(chemnitz):
    InitiativeFactory(
        municipality=chemnitz,
        title="Garten",
        summary="Preise < 5 € & <script>alert(1)</script> mehr für den Garten",
    )

    snippet = search("Garten").groups[0].hits[0].snippet

    assert "<script>" not in snippet
    assert snippet.startswith("Preise &lt; 5 € &amp; ")
    assert snippet.endswith("<mark>Garten</mark>")


def test_header_search_field_on_every_page(client):
    html = _flat(client.get(reverse("imprint")).content.decode())

    assert '<form class="portal-search" role="search" method="get" action="/suche/">' in html


def test_empty_query_shows_help_without_searching(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = _flat(client.get(reverse("search")).content.decode())

    assert "Durchsuche Initiativen" in html


@pytest.mark.parametrize("rows", [1, 15])
def test_search_query_count_is_bounded(client, chemnitz, django_assert_num_queries, rows):
    for number in range(rows):
        initiative = InitiativeFactory(municipality=chemnitz, title=f"Garten {number}")
        UpdateFactory(initiative=initiative, title=f"Garten-Neuigkeit {number}")
        EventFactory(municipality=chemnitz, initiative=initiative, title=f"Gartentag {number}")
        OpportunityFactory(organisation__municipality=chemnitz, title=f"Garten helfen {number}")
        OrganisationFactory(municipality=chemnitz, name=f"Gartenverein {number}")
        _funded(call__programme__municipality=chemnitz, title=f"Gartenprojekt {number}")

    # the municipalities + one query for the counts and hits of every kind
    with django_assert_num_queries(2):
        overview = client.get(reverse("search"), {"q": "Garten"})
    with django_assert_num_queries(2):
        one_kind = client.get(reverse("search"), {"q": "Garten", "art": "engagement"})

    assert _flat(overview.content.decode()).count('<li class="portal-result">') == 6 * min(rows, 3)
    assert _flat(one_kind.content.decode()).count('<li class="portal-result">') == min(rows, 10)


def test_no_result_query_count_is_bounded(client, chemnitz, django_assert_max_num_queries):
    InitiativeFactory.create_batch(5, municipality=chemnitz)

    with django_assert_max_num_queries(3):
        client.get(reverse("search"), {"q": "Klimschutz"})


def test_search_follows_the_municipality_chosen_on_the_home_page(client, garden_everywhere):
    client.get("/", {"kommune": "dortmund"})

    html = _flat(client.get(reverse("search"), {"q": "Garten"}).content.decode())

    assert "1 Treffer für „Garten“" in html
    assert '<option value="dortmund" selected>Dortmund</option>' in html


def test_organisation_is_found_by_its_stored_search_vector(chemnitz):
    organisation = OrganisationFactory(municipality=chemnitz, name="Tafel e. V.")
    # A write that bypasses save(): the generated column still follows the text.
    Organisation.objects.filter(pk=organisation.pk).update(description="Wir retten Lebensmittel.")

    results = search("Lebensmittel")

    group = next(g for g in results.groups if g.kind.key == "organisationen")
    assert group.count == 1
    assert group.hits[0].title == "Tafel e. V."
    assert group.hits[0].url == organisation.get_absolute_url()
    assert "retten <mark>Lebensmittel</mark>" in group.hits[0].snippet


def test_hits_show_title_link_municipality_and_meta_of_each_kind(garden_everywhere):
    hits = {group.kind.key: group.hits[0] for group in search("Garten").groups}

    update = hits["neuigkeiten"]
    assert update.meta == "Grüne Höfe"
    assert update.municipality == "Chemnitz"
    assert update.url.startswith(garden_everywhere.get_absolute_url())
    assert hits["engagement"].meta == "Gartenfreunde e. V."
    assert hits["termine"].municipality == "Dortmund"
    assert hits["termine"].meta  # the start, formatted
    assert (
        hits["gefoerderte-projekte"].url
        == "/foerderung/gefoerderte-projekte/?q=Interkultureller+Garten"
    )


def test_title_matches_rank_before_text_matches(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Stadtteilfest", summary="Mit Garten.")
    InitiativeFactory(municipality=chemnitz, title="Gartenfest", summary="Im Stadtteil.")

    hits = search("Garten").groups[0].hits

    assert [hit.title for hit in hits] == ["Gartenfest", "Stadtteilfest"]


def test_search_operators_still_apply(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Garten im Hof")
    InitiativeFactory(municipality=chemnitz, title="Wald und Garten")
    InitiativeFactory(municipality=chemnitz, title="Waldspaziergang")

    assert search("Garten or Waldspaziergang").total == 3
    assert search("Wald Garten").total == 1


def test_excluded_word_is_not_found_through_the_start_of_a_word(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Garten im Hof")
    InitiativeFactory(municipality=chemnitz, title="Gartenfest")
    InitiativeFactory(municipality=chemnitz, title="Wald und Garten")
    InitiativeFactory(municipality=chemnitz, title="Gartenfest am Wald")

    hits = search("Garten -Wald").groups[0].hits

    assert sorted(hit.title for hit in hits) == ["Garten im Hof", "Gartenfest"]


def test_quoted_phrase_stays_a_phrase_next_to_other_words(chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Garten im grünen Hof")
    InitiativeFactory(municipality=chemnitz, title="Grüner Garten am Hof")

    hits = search('"grüner Hof" Garten').groups[0].hits

    assert [hit.title for hit in hits] == ["Garten im grünen Hof"]


def test_counts_are_capped_and_pages_end_at_the_cap(client, chemnitz, monkeypatch):
    monkeypatch.setattr("civicportal.search.COUNT_CAP", 12)
    InitiativeFactory.create_batch(15, municipality=chemnitz, summary="Ein Garten im Viertel.")

    overview = _flat(client.get(reverse("search"), {"q": "Garten"}).content.decode())
    past_the_end = client.get(reverse("search"), {"q": "Garten", "art": "initiativen", "seite": 9})

    assert "Mehr als 12 Treffer für „Garten“" in overview
    assert '>Initiativen <span class="kern-body">(12+)</span></h2>' in overview
    # an old link past the end shows the last page: 12 counted, 10 per page
    assert _flat(past_the_end.content.decode()).count('<li class="portal-result">') == 2


def test_municipality_filter_applies_to_one_kind_pages(client, garden_everywhere, dortmund):
    InitiativeFactory(municipality=dortmund, title="Gartenprojekt Dortmund")

    html = _flat(
        client.get(
            reverse("search"), {"q": "Garten", "art": "initiativen", "kommune": "dortmund"}
        ).content.decode()
    )

    assert html.count('<li class="portal-result">') == 1
    assert "Gartenprojekt Dortmund" in html
