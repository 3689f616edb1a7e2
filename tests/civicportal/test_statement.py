"""The accessibility statement per BITV 2.0 § 7 and the EU model statement, and the
Leichte Sprache page: the status in the model's terms, the dates (kept current), the
enforcement body of each municipality's state."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from civicportal import statement
from civicportal.enforcement import BODIES, FEDERAL
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_statement_was_reviewed_within_the_last_year():
    # BITV 2.0 § 7 (2): the statement is reviewed at least once a year. When this fails,
    # review docs/accessibility.md and the statement (civicportal/statement.py), then set
    # REVIEWED to the day of the review.
    assert not statement.review_is_due(timezone.localdate()), (
        f"the accessibility statement was last reviewed on {statement.REVIEWED}: review it"
    )
    assert statement.PREPARED <= statement.REVIEWED <= timezone.localdate()


def test_a_review_older_than_a_year_is_due():
    assert statement.review_is_due(statement.REVIEWED + statement.REVIEW_INTERVAL * 2)


def test_statement_has_the_parts_of_the_eu_model(client, chemnitz, dortmund):
    text = _text(client.get(reverse("accessibility")).content.decode())

    assert "Stand der Vereinbarkeit mit den Anforderungen" in text
    assert str(statement.STATUS) in text
    assert str(statement.STATUS) in {
        "vollständig vereinbar",
        "teilweise vereinbar",
        "nicht vereinbar",
    }
    assert "weitgehend" not in text
    assert "Nicht barrierefreie Inhalte" in text
    assert all(str(gap.alternative) in text for gap in statement.GAPS)
    assert f"erstellt und zuletzt am {statement.REVIEWED.day}. Dezember" in text
    assert "Barriere melden" in text
    assert "Durchsetzungsverfahren" in text


def test_statement_names_the_body_of_each_municipalitys_state(client, chemnitz, dortmund):
    html = client.get(reverse("accessibility")).content.decode()
    text = _text(html)

    saxony, nrw = BODIES["Sachsen"], BODIES["Nordrhein-Westfalen"]
    chemnitz_part = text[text.index("Für Chemnitz (Sachsen)") : text.index("Für Dortmund")]
    dortmund_part = text[text.index("Für Dortmund (Nordrhein-Westfalen)") :]
    assert "Durchsetzungsstelle" in chemnitz_part
    assert saxony.email in chemnitz_part
    assert "Ombudsstelle für barrierefreie Informationstechnik" in dortmund_part
    assert nrw.email in dortmund_part
    assert f'href="{saxony.url}"' in html
    assert f'href="{nrw.url}"' in html
    # the federal board is not the body of a municipality in Saxony or NRW
    assert FEDERAL.url not in html


def test_a_municipality_in_a_state_without_entry_gets_the_federal_board_with_a_note(client):
    MunicipalityFactory(slug="erfurt", name="Erfurt", state="Thüringen")

    text = _text(client.get(reverse("accessibility")).content.decode())

    assert "Für Erfurt (Thüringen)" in text
    assert FEDERAL.email in text
    assert "noch keine Landesstelle hinterlegt" in text


def test_statement_lists_the_missing_sign_language_video_until_one_is_published(client):
    text = _text(client.get(reverse("accessibility")).content.decode())

    assert str(statement.SIGN_LANGUAGE_GAP.what) in text


def test_easy_language_page_says_sie_names_the_bodies_and_shows_pictures(
    client, chemnitz, dortmund
):
    html = client.get(reverse("easy_language")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    text = _text(main)

    assert re.search(r"\b(du|dich|dir|dein\w*)\b", text, flags=re.IGNORECASE) is None
    assert "Sie" in text
    assert BODIES["Sachsen"].email in text
    assert BODIES["Nordrhein-Westfalen"].email in text
    pictures = re.findall(r"<img [^>]*>", main)
    assert len(pictures) >= 8
    for picture in pictures:
        alt = re.search(r'alt="([^"]*)"', picture)
        assert alt, picture
        assert alt.group(1).startswith("Bild: "), picture
