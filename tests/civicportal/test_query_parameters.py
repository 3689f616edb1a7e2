"""Public query parameters are German; the old English names answer with a 301 to the
German ones (civicportal.core.params)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from civicportal.core.params import german_query

pytestmark = pytest.mark.django_db


def _query(response) -> tuple[str, dict]:
    assert response.status_code == 301
    url = urlsplit(response["Location"])
    return url.path, parse_qs(url.query)


@pytest.mark.parametrize(
    ("old", "path", "query"),
    [
        (
            "/engagement/?municipality=dortmund&theme=klimaschutz&weekday=1&weekday=3&page=2",
            "/engagement/",
            {
                "kommune": ["dortmund"],
                "thema": ["klimaschutz"],
                "wochentag": ["1", "3"],
                "seite": ["2"],
            },
        ),
        (
            "/engagement/?q=Garten&skill=gaertnern&remote=on&open=on&district=5",
            "/engagement/",
            {
                "q": ["Garten"],
                "faehigkeit": ["gaertnern"],
                "zuhause": ["on"],
                "freie_plaetze": ["on"],
                "bezirk": ["5"],
            },
        ),
        (
            "/foerderung/gefoerderte-projekte/?year=2022&programme=kultur",
            "/foerderung/gefoerderte-projekte/",
            {"jahr": ["2022"], "programm": ["kultur"]},
        ),
        (
            "/foerderung/gefoerderte-projekte.csv?year=2022",
            "/foerderung/gefoerderte-projekte.csv",
            {"jahr": ["2022"]},
        ),
        (
            "/initiativen/?kommune=chemnitz&page=3",
            "/initiativen/",
            {"kommune": ["chemnitz"], "seite": ["3"]},
        ),
        ("/termine/?page=2", "/termine/", {"seite": ["2"]}),
        (
            "/suche/?q=Garten&art=initiativen&page=2",
            "/suche/",
            {"q": ["Garten"], "art": ["initiativen"], "seite": ["2"]},
        ),
    ],
)
def test_old_names_redirect_permanently_to_the_german_ones(client, old, path, query):
    assert _query(client.get(old)) == (path, query)


def test_german_names_are_served_directly(client):
    assert client.get("/engagement/?kommune=dortmund&seite=1").status_code == 200
    assert client.get("/foerderung/gefoerderte-projekte/?jahr=2022").status_code == 200


def test_the_german_name_wins_when_both_are_given():
    renamed = german_query(QueryDict("year=2021&jahr=2022&q=x"), {"year": "jahr"})

    assert renamed.dict() == {"jahr": "2022", "q": "x"}


def test_a_query_without_old_names_is_left_alone():
    assert german_query(QueryDict("jahr=2022"), {"year": "jahr"}) is None
