"""Participation rules for every role × phase state, through the real views."""

import re

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Comment, Idea, Moderation, Report, Support
from tests.factories import UserFactory
from tests.initiatives.factories import IdeaFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

STATES = ["open", "upcoming", "closed", "none"]
ROLES = ["anonymous", "unverified", "resident", "editor_chemnitz", "editor_dortmund", "superuser"]


@pytest.fixture
def actor(request):
    """The user for a role name (``None`` for anonymous)."""

    def make(role: str):
        if role == "anonymous":
            return None
        if role == "unverified":
            return UserFactory(email="unverified@example.org", verified=False)
        return request.getfixturevalue(role)

    return make


def _client(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _contributes(role: str, state: str) -> bool:
    return state == "open" and role not in {"anonymous", "unverified"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_posting_an_idea_per_role_and_phase(client, actor, initiative, make_phase, role, state):
    make_phase(initiative, state)
    user = actor(role)
    url = reverse("initiatives:idea_create", args=[initiative.slug])

    response = _client(client, user).post(url, {"title": "Bänke", "body": "Mehr Bänke."})

    created = Idea.objects.filter(initiative=initiative, title="Bänke").exists()
    assert created == _contributes(role, state)
    if not created:
        assert response.status_code in {302, 403}
        if user is None:
            assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_commenting_per_role_and_phase(client, actor, initiative, make_phase, role, state):
    make_phase(initiative, state)
    idea = IdeaFactory(initiative=initiative)
    user = actor(role)
    url = reverse("initiatives:comment_create", args=[initiative.slug, idea.pk])

    _client(client, user).post(url, {"body": "Gute Idee!"})

    assert Comment.objects.filter(idea=idea).exists() == _contributes(role, state)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_supporting_per_role_and_phase(client, actor, initiative, make_phase, role, state):
    make_phase(initiative, state)
    idea = IdeaFactory(initiative=initiative)
    user = actor(role)
    url = reverse("initiatives:idea_support", args=[initiative.slug, idea.pk])

    _client(client, user).post(url)

    assert Support.objects.filter(idea=idea).count() == int(_contributes(role, state))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_moderating_per_role_and_phase(client, actor, initiative, make_phase, role, state):
    """Only editors of the initiative's municipality (Chemnitz) and superusers moderate,
    in every phase state; a Dortmund editor cannot."""
    make_phase(initiative, state)
    idea = IdeaFactory(initiative=initiative)
    user = actor(role)
    url = reverse("initiatives:moderate", args=[initiative.slug, "idee", idea.pk])

    _client(client, user).post(url, {"action": "hide", "reason": "Beleidigend."})

    idea.refresh_from_db()
    expected = role in {"editor_chemnitz", "superuser"}
    assert (idea.moderation == Moderation.HIDDEN) == expected


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_reporting_per_role_and_phase(client, actor, initiative, make_phase, role, state):
    make_phase(initiative, state)
    idea = IdeaFactory(initiative=initiative)
    user = actor(role)
    url = reverse("initiatives:report", args=[initiative.slug, "idee", idea.pk])

    _client(client, user).post(url, {"reason": "Spam"})

    assert Report.objects.filter(idea=idea).exists() == (role != "anonymous")


def test_editor_chemnitz_cannot_answer_dortmund_idea(
    client, editor_chemnitz, dortmund_initiative, make_phase
):
    make_phase(dortmund_initiative, "open")
    idea = IdeaFactory(initiative=dortmund_initiative)
    client.force_login(editor_chemnitz)

    response = client.post(
        reverse("initiatives:idea_answer", args=[dortmund_initiative.slug, idea.pk]),
        {"status": "adopted", "reason": "Gut."},
    )

    idea.refresh_from_db()
    assert response.status_code == 403
    assert idea.answer_status == ""


def test_support_once_and_take_back(client, resident, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)
    support = reverse("initiatives:idea_support", args=[initiative.slug, idea.pk])
    unsupport = reverse("initiatives:idea_unsupport", args=[initiative.slug, idea.pk])

    client.post(support)
    client.post(support)
    assert Support.objects.filter(idea=idea).count() == 1

    client.post(unsupport)
    assert Support.objects.filter(idea=idea).count() == 0


def test_author_cannot_support_own_idea(client, resident, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative, author=resident)
    client.force_login(resident)

    response = client.post(reverse("initiatives:idea_support", args=[initiative.slug, idea.pk]))

    assert response.status_code == 403
    assert Support.objects.count() == 0


def test_closed_phase_keeps_ideas_readable_without_forms(client, resident, initiative, make_phase):
    make_phase(initiative, "closed")
    IdeaFactory(initiative=initiative, title="Mehr Grün")
    client.force_login(resident)

    content = client.get(reverse("initiatives:ideas", args=[initiative.slug])).content.decode()

    assert "Mehr Grün" in content
    assert "Beteiligung beendet" in content
    assert "Neue Idee einreichen" not in content
    assert "unterstützen" not in content


def test_premoderation_holds_ideas_until_approved(
    client, resident, editor_chemnitz, initiative, open_phase
):
    initiative.requires_premoderation = True
    initiative.save()
    client.force_login(resident)
    client.post(
        reverse("initiatives:idea_create", args=[initiative.slug]),
        {"title": "Wasserspender", "body": "Am Markt."},
    )
    idea = Idea.objects.get(title="Wasserspender")
    assert idea.moderation == Moderation.PENDING
    client.logout()
    ideas_url = reverse("initiatives:ideas", args=[initiative.slug])
    assert "Wasserspender" not in client.get(ideas_url).content.decode()

    client.force_login(editor_chemnitz)
    client.post(
        reverse("initiatives:moderate", args=[initiative.slug, "idee", idea.pk]),
        {"action": "approve", "reason": ""},
    )
    client.logout()

    assert "Wasserspender" in client.get(ideas_url).content.decode()


def test_hidden_idea_shows_reason_not_text(client, editor_chemnitz, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative, title="Böse", body="Beleidigung")
    client.force_login(editor_chemnitz)
    client.post(
        reverse("initiatives:moderate", args=[initiative.slug, "idee", idea.pk]),
        {"action": "hide", "reason": "Verstößt gegen die Netiquette."},
    )
    client.logout()

    content = client.get(
        reverse("initiatives:idea", args=[initiative.slug, idea.pk])
    ).content.decode()

    assert "Verstößt gegen die Netiquette." in content
    assert "Beleidigung" not in content


def test_hiding_requires_a_reason(client, editor_chemnitz, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(editor_chemnitz)

    client.post(
        reverse("initiatives:moderate", args=[initiative.slug, "idee", idea.pk]),
        {"action": "hide", "reason": ""},
    )

    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED


def test_moderation_resolves_open_reports(client, resident, editor_chemnitz, initiative):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)
    client.post(
        reverse("initiatives:report", args=[initiative.slug, "idee", idea.pk]), {"reason": "Spam"}
    )
    client.force_login(editor_chemnitz)

    client.post(
        reverse("initiatives:moderate", args=[initiative.slug, "idee", idea.pk]),
        {"action": "hide", "reason": "Werbung."},
    )

    assert Report.objects.open().count() == 0


def test_official_answer_and_participation_achievements(
    client, editor_chemnitz, initiative, open_phase
):
    adopted, rejected, _open = IdeaFactory.create_batch(3, initiative=initiative)
    client.force_login(editor_chemnitz)
    answer = "initiatives:idea_answer"
    client.post(
        reverse(answer, args=[initiative.slug, adopted.pk]), {"status": "adopted", "reason": ""}
    )
    client.post(
        reverse(answer, args=[initiative.slug, rejected.pk]),
        {"status": "not_adopted", "reason": "Zu teuer."},
    )

    response = client.get(initiative.get_absolute_url())

    assert response.context["stats"] == {
        "received": 3,
        "answered": 2,
        "adopted": 1,
        "not_adopted": 1,
        "under_review": 0,
    }
    rejected.refresh_from_db()
    assert (rejected.answer_status, rejected.answer) == ("not_adopted", "Zu teuer.")


def test_not_adopted_needs_a_reason(client, editor_chemnitz, initiative):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(editor_chemnitz)

    client.post(
        reverse("initiatives:idea_answer", args=[initiative.slug, idea.pk]),
        {"status": "not_adopted", "reason": ""},
    )

    idea.refresh_from_db()
    assert idea.answer_status == ""


def test_user_text_is_escaped(client, initiative):
    idea = IdeaFactory(initiative=initiative, body="<script>alert(1)</script>")

    content = client.get(
        reverse("initiatives:idea", args=[initiative.slug, idea.pk])
    ).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_idea_of_other_initiative_is_404(client, initiative, dortmund_initiative):
    idea = IdeaFactory(initiative=dortmund_initiative)

    response = client.get(reverse("initiatives:idea", args=[initiative.slug, idea.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [2, 30])
def test_ideas_query_count_is_constant(
    client, resident, initiative, open_phase, django_assert_max_num_queries, rows
):
    for idea in IdeaFactory.create_batch(rows, initiative=initiative):
        idea.supports.create(user=UserFactory())
    client.force_login(resident)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("initiatives:ideas", args=[initiative.slug]))

    assert response.context["page_obj"].count == rows


@pytest.mark.parametrize("rows", [1, 25])
def test_idea_detail_query_count_is_constant(
    client, resident, initiative, open_phase, django_assert_max_num_queries, rows
):
    idea = IdeaFactory(initiative=initiative)
    for _ in range(rows):
        commenter = UserFactory()
        Comment.objects.create(idea=idea, author=commenter, body="Gute Idee!")
        idea.supports.create(user=commenter)
    client.force_login(resident)

    with django_assert_max_num_queries(8):
        response = client.get(idea.get_absolute_url())

    assert response.content.decode().count("Gute Idee!") == rows
    assert response.context["idea"].support_count == rows


def test_unpublished_initiative_ideas_are_404(client, chemnitz):
    hidden = InitiativeFactory(municipality=chemnitz, is_published=False)

    assert client.get(reverse("initiatives:ideas", args=[hidden.slug])).status_code == 404


def test_invalid_idea_shows_errors_and_existing_ideas(client, resident, initiative, open_phase):
    IdeaFactory(initiative=initiative, title="Schon da")
    client.force_login(resident)

    response = client.post(
        reverse("initiatives:idea_create", args=[initiative.slug]), {"title": "", "body": ""}
    )

    content = response.content.decode()
    assert response.status_code == 422
    assert "Schon da" in content
    assert "kern-error" in content or "Dieses Feld ist zwingend erforderlich" in content


def test_comment_report_and_hide_with_reason(
    client, resident, volunteer, editor_chemnitz, initiative, open_phase
):
    idea = IdeaFactory(initiative=initiative)
    comment = Comment.objects.create(idea=idea, author=resident, body="Unsinn!")
    client.force_login(volunteer)
    client.post(
        reverse("initiatives:report", args=[initiative.slug, "kommentar", comment.pk]),
        {"reason": "Beleidigend"},
    )
    assert Report.objects.open().get().comment == comment

    client.force_login(editor_chemnitz)
    client.post(
        reverse("initiatives:moderate", args=[initiative.slug, "kommentar", comment.pk]),
        {"action": "hide", "reason": "Kein sachlicher Beitrag."},
    )
    client.logout()

    content = client.get(idea.get_absolute_url()).content.decode()
    assert "Kein sachlicher Beitrag." in content
    assert "Unsinn!" not in content
    assert Report.objects.open().count() == 0


def test_unknown_content_kind_is_404(client, resident, initiative):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)

    response = client.post(
        reverse("initiatives:report", args=[initiative.slug, "foo", idea.pk]), {"reason": "x"}
    )

    assert response.status_code == 404


def test_hourly_limit_stops_idea_floods(client, resident, initiative, open_phase, monkeypatch):
    monkeypatch.setitem(services.HOURLY_LIMITS, "ideas", 2)
    client.force_login(resident)
    url = reverse("initiatives:idea_create", args=[initiative.slug])

    for number in range(3):
        response = client.post(url, {"title": f"Idee {number}", "body": "Text"}, follow=True)

    assert Idea.objects.filter(author=resident).count() == 2
    assert "schon sehr viele Beiträge" in response.content.decode()


def _figures(content: str) -> dict[str, str]:
    """The "what participation achieved" figures as a visitor reads them."""
    section = content.split('id="achieved-heading"', 1)[1].split("</ul>", 1)[0]
    pairs = re.findall(
        r'figures__value">(\d+)</span>\s+<span class="initiatives-figures__label">([^<]+)<', section
    )
    return {label: value for value, label in pairs}


def test_achievements_count_only_final_answers_as_answered(client, initiative, open_phase):
    for status in ["adopted", "adopted", "not_adopted", "under_review", "under_review", ""]:
        IdeaFactory(initiative=initiative, answer_status=status)
    IdeaFactory(initiative=initiative, moderation=Moderation.PENDING, answer_status="adopted")

    detail = client.get(initiative.get_absolute_url())
    ideas = client.get(reverse("initiatives:ideas", args=[initiative.slug]))

    expected = {
        "Ideen eingegangen": "6",  # the pending idea is not public yet
        "abschließend beantwortet": "3",  # adopted + not adopted, not "under review"
        "übernommen": "2",
        "nicht übernommen": "1",
        "werden noch geprüft": "2",
    }
    assert _figures(detail.content.decode()) == expected
    assert _figures(ideas.content.decode()) == expected
