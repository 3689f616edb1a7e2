"""Language of parts: German content on English pages is marked ``lang="de"``; text
that residents write gets ``dir="auto"`` (it may be written right to left)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives import services
from tests.initiatives.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def _english(client, url: str) -> str:
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        return client.get(url, headers={"accept-language": "en"}).content.decode()


def test_german_content_is_marked_on_english_pages_only(client, initiative):
    english = _english(client, initiative.get_absolute_url())
    client.cookies.pop("django_language")
    with translation.override("de"):
        german = client.get(initiative.get_absolute_url()).content.decode()

    assert f'<h1 class="kern-heading-x-large" lang="de">{initiative.title}</h1>' in english
    assert 'lang="de">' not in german.split("<body", 1)[1]


def test_user_text_gets_dir_auto(client, initiative, open_phase, resident):
    idea = IdeaFactory(initiative=initiative, phase=open_phase, title="فكرة", body="نص عربي")
    services.post_comment(author=resident, idea=idea, body="تعليق")

    page = client.get(idea.get_absolute_url()).content.decode()
    listing = client.get(reverse("initiatives:ideas", args=[initiative.slug])).content.decode()

    assert '<div class="kern-body initiatives-usertext" dir="auto"><p>نص عربي</p></div>' in page
    assert '<div class="kern-body initiatives-usertext" dir="auto"><p>تعليق</p></div>' in page
    assert re.search(r'<a class="kern-link" dir="auto"\s+href="[^"]+">فكرة</a>', listing)
