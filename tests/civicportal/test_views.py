import pytest
from django.urls import reverse

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_home_renders_german_page_with_kern_styles(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "/static/kern/kern.min." in html
    assert "Fairtrade-Town Chemnitz" in html
    assert "Zum Inhalt springen" in html


def test_home_is_german_even_when_browser_prefers_english(client):
    response = client.get("/", headers={"accept-language": "en"})

    assert '<html lang="de">' in response.content.decode()


def test_home_in_english_after_choosing_english(client):
    client.cookies["django_language"] = "en"

    response = client.get("/")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html


def test_home_hides_unpublished_and_completed_initiatives(client, chemnitz):
    InitiativeFactory(municipality=chemnitz, title="Entwurf", is_published=False)
    InitiativeFactory(municipality=chemnitz, title="Vorbei", status="completed")

    html = client.get("/").content.decode()

    assert "Entwurf" not in html
    assert "Vorbei" not in html


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("imprint", "Impressum"),
        ("privacy", "Datenschutzerklärung"),
        ("accessibility", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_legal_pages_render(client, name, heading):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert f">{heading}</h1>" in response.content.decode()


def test_privacy_page_lists_only_essential_cookies(client):
    html = client.get(reverse("privacy")).content.decode()

    assert "sessionid" in html
    assert "csrftoken" in html
    assert "keinen Cookie-Hinweis" in html


def test_footer_links_legal_pages_on_every_page(client):
    html = client.get("/").content.decode()

    for url in ["/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        assert f'href="{url}"' in html


def test_language_switch_sets_english(client):
    response = client.get("/sprache/en/", {"next": "/initiativen/"}, follow=True)

    assert response.redirect_chain == [("/initiativen/", 302)]
    assert '<html lang="en">' in response.content.decode()


def test_language_switch_is_a_link_back_to_the_same_page(client):
    html = client.get("/initiativen/?q=Klima").content.decode()

    assert 'href="/sprache/en/?next=%2Finitiativen%2F%3Fq%3DKlima"' in html
    assert "csrfmiddlewaretoken" not in html  # anonymous pages can be shared by everyone


def test_language_switch_never_redirects_to_another_site(client):
    response = client.get("/sprache/en/", {"next": "https://example.org/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_language_switch_refuses_an_unknown_language(client):
    response = client.get("/sprache/fr/", {"next": "/"})

    assert response.status_code == 404
    assert "django_language" not in response.cookies
