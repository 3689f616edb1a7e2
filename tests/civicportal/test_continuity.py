"""Never a dead end: the branded 405, HEAD like GET, and form input that survives an
expired session or a language switch (civicportal/continuity.py)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from initiatives.models import Comment
from tests.factories import TEST_PASSWORD, InitiativeFactory, UserFactory
from tests.initiatives.factories import IdeaFactory, PhaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz)
    PhaseFactory(initiative=initiative)
    return IdeaFactory(initiative=initiative, title="Trinkbrunnen am Markt")


def _comment_url(idea) -> str:
    return reverse("initiatives:comment_create", args=[idea.initiative.slug, idea.pk])


def test_get_to_a_post_only_url_is_the_branded_405(client, idea):
    client.force_login(UserFactory())
    response = client.get(_comment_url(idea))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    text = response.content.decode()
    assert "Diese Adresse nimmt nur Formulare an" in text
    assert 'class="kern-heading-x-large"' in text  # the portal's layout, not an empty page


@pytest.mark.parametrize(
    "name", ["home", "search", "imprint", "accessibility", "initiatives:list", "volunteering:list"]
)
def test_head_answers_like_get_without_body(client, name):
    get = client.get(reverse(name))
    head = client.head(reverse(name))

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(get.content)
    assert head["Content-Type"] == get["Content-Type"]


def test_head_on_idea_page_and_on_a_missing_page(client, idea):
    assert client.head(idea.get_absolute_url()).status_code == 200
    assert client.head("/gibt-es-nicht/").status_code == 404


def test_comment_written_during_an_expired_session_survives_signing_in_again(client, idea):
    resident = UserFactory(email="rita@example.org")
    client.force_login(resident)
    Session.objects.all().delete()  # the session expired while Rita was writing
    text = "Bitte mit Wasserspender für Hunde!\nUnd schattig."

    answer = client.post(
        _comment_url(idea),
        {"body": text},
        HTTP_REFERER=f"http://testserver{idea.get_absolute_url()}",
    )
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()

    signed_in = client.post(
        answer["Location"], {"login": "rita@example.org", "password": TEST_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == _comment_url(idea)

    resume = client.get(signed_in["Location"])
    page = resume.content.decode()
    assert resume.status_code == 200
    assert "Weiter, wo du aufgehört hast" in page
    assert "Bitte mit Wasserspender für Hunde!" in page
    assert not Comment.objects.exists()  # nothing is posted without Rita confirming it

    sent = client.post(_comment_url(idea), {"body": text})
    assert sent.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.body) == (resident, text)
    # the kept input is gone once it was sent
    assert client.get(_comment_url(idea)).status_code == 405


def test_rejected_form_survives_a_language_switch(client, chemnitz):
    rejected = client.post(
        reverse("accessibility"),
        {"page_url": "Seite der Veranstaltungen", "description": ""},
    )
    assert rejected.status_code == 200

    switched = client.get(
        reverse("switch_language", args=["en"]), {"next": reverse("accessibility")}
    )
    assert switched.status_code == 302
    page = client.get(reverse("accessibility")).content.decode()

    assert "Seite der Veranstaltungen" in page
    assert "Continue where you left off" in page


def test_kept_input_can_be_discarded_and_never_holds_passwords(client, idea):
    client.post(_comment_url(idea), {"body": "Entwurf", "password": "geheim-geheim"})
    user = UserFactory()
    client.force_login(user)
    page = client.get(_comment_url(idea)).content.decode()
    assert "Entwurf" in page
    assert "geheim-geheim" not in page

    back = client.post(reverse("resume_discard"), {"path": _comment_url(idea)})
    assert back.status_code == 302
    assert client.get(_comment_url(idea)).status_code == 405


def test_input_refused_by_the_csrf_check_is_offered_back(chemnitz):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("accessibility"))  # the form page sets the CSRF cookie
    refused = browser.post(  # the token is missing (the form was open too long)
        reverse("accessibility"), {"description": "Der Kontrast der Buttons ist zu schwach."}
    )
    assert refused.status_code == 403
    assert "deine Eingaben sind aufgehoben" in refused.content.decode()

    page = browser.get(reverse("accessibility")).content.decode()
    assert "Weiter, wo du aufgehört hast" in page
    assert "Der Kontrast der Buttons ist zu schwach." in page
    token = browser.cookies["csrftoken"].value
    sent = browser.post(
        reverse("accessibility"),
        {"description": "Der Kontrast der Buttons ist zu schwach.", "csrfmiddlewaretoken": token},
    )
    assert sent.status_code == 302
    assert "Weiter, wo du" not in browser.get(reverse("accessibility")).content.decode()
