"""Residents own their contributions: edit and withdraw an idea, edit and delete a
comment, reply to a comment; one report per person and item (issue 18)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import Comment, Idea, IdeaRevision, Moderation, Report
from tests.factories import UserFactory
from tests.initiatives.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(initiative, open_phase, resident):
    return IdeaFactory(initiative=initiative, phase=open_phase, author=resident, title="Mehr Bänke")


def _page(client, idea) -> str:
    return client.get(idea.get_absolute_url()).content.decode()


def test_author_edits_the_idea_marked_edited_and_the_previous_version_kept(
    client, resident, idea, editor_chemnitz
):
    client.force_login(resident)
    url = reverse("initiatives:idea_edit", args=[idea.initiative.slug, idea.pk])

    form = client.get(url)
    response = client.post(url, {"title": "Mehr Bänke am Teich", "body": "Drei Bänke."})

    assert form.status_code == 200
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("Mehr Bänke am Teich", "Drei Bänke.")
    assert idea.edited_at is not None
    (revision,) = IdeaRevision.objects.filter(idea=idea)
    assert (revision.title, revision.body) == ("Mehr Bänke", "Mehr Bäume an der Straße.")
    assert "bearbeitet" in _page(client, idea)
    assert "Frühere Fassungen" not in _page(client, idea)
    client.force_login(editor_chemnitz)
    assert "Mehr Bäume an der Straße." in _page(client, idea)  # the earlier version


def test_an_empty_title_is_refused_and_what_was_typed_stays(client, resident, idea):
    client.force_login(resident)
    url = reverse("initiatives:idea_edit", args=[idea.initiative.slug, idea.pk])

    response = client.post(url, {"title": "", "body": "Neuer Text, nicht verloren"})

    assert response.status_code == 422
    assert "Neuer Text, nicht verloren" in response.content.decode()
    assert not IdeaRevision.objects.exists()


def test_others_cannot_edit_or_withdraw(client, idea):
    client.force_login(UserFactory())
    slug = idea.initiative.slug

    edit = client.post(
        reverse("initiatives:idea_edit", args=[slug, idea.pk]), {"title": "X", "body": "Y"}
    )
    withdraw = client.post(reverse("initiatives:idea_withdraw", args=[slug, idea.pk]))

    assert (edit.status_code, withdraw.status_code) == (403, 403)
    idea.refresh_from_db()
    assert (idea.title, idea.withdrawn_at) == ("Mehr Bänke", None)


def test_author_withdraws_the_idea_which_then_takes_no_support(client, resident, idea):
    client.force_login(resident)

    client.post(reverse("initiatives:idea_withdraw", args=[idea.initiative.slug, idea.pk]))

    idea.refresh_from_db()
    assert idea.is_withdrawn
    assert "zurückgezogen" in _page(client, idea)
    client.force_login(UserFactory())
    assert "Idee unterstützen" not in _page(client, idea)
    with pytest.raises(services.PermissionDenied):
        services.post_comment(author=UserFactory(), idea=idea, body="Noch was")


def test_no_editing_after_the_phase(client, resident, idea, open_phase):
    open_phase.end_date = open_phase.start_date
    open_phase.start_date = open_phase.start_date.replace(year=2000)
    open_phase.end_date = open_phase.start_date
    open_phase.save()
    client.force_login(resident)

    response = client.get(reverse("initiatives:idea_edit", args=[idea.initiative.slug, idea.pk]))

    assert response.status_code == 403


def test_author_edits_and_deletes_a_comment(client, resident, idea):
    comment = services.post_comment(author=resident, idea=idea, body="Erster Gedanke")
    client.force_login(resident)
    slug = idea.initiative.slug

    client.post(reverse("initiatives:comment_edit", args=[slug, comment.pk]), {"body": "Besser"})
    comment.refresh_from_db()
    edited = _page(client, idea)
    client.post(reverse("initiatives:comment_delete", args=[slug, comment.pk]))
    comment.refresh_from_db()
    deleted = _page(client, idea)

    assert "Besser" in edited
    assert "bearbeitet" in edited
    assert comment.body == ""
    assert comment.is_deleted
    assert "Besser" not in deleted
    assert "von der verfassenden Person gelöscht" in deleted


def test_someone_else_cannot_delete_my_comment(client, resident, idea):
    comment = services.post_comment(author=resident, idea=idea, body="Meins")
    client.force_login(UserFactory())

    response = client.post(
        reverse("initiatives:comment_delete", args=[idea.initiative.slug, comment.pk])
    )

    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Meins"


def test_a_reply_is_one_level_and_tells_the_person_answered(
    client, resident, idea, django_capture_on_commit_callbacks
):
    commenter, replier = UserFactory(), UserFactory()
    comment = services.post_comment(author=commenter, idea=idea, body="Wo genau?")
    mail.outbox.clear()
    client.force_login(replier)
    url = reverse("initiatives:comment_create", args=[idea.initiative.slug, idea.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Am Teich.", "parent": comment.pk})
    reply = Comment.objects.get(body="Am Teich.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"body": "Und am Markt.", "parent": reply.pk})

    assert reply.parent_id == comment.pk
    assert Comment.objects.get(body="Und am Markt.").parent_id == comment.pk  # one level
    answered = [m for m in mail.outbox if m.to == [commenter.email]]
    assert answered
    assert "geantwortet" in answered[0].body
    page = _page(client, idea)
    assert page.index("Wo genau?") < page.index("Am Teich.") < page.index("Und am Markt.")


def test_an_empty_reply_is_refused_with_the_form_open(client, resident, idea):
    comment = services.post_comment(author=UserFactory(), idea=idea, body="Wo genau?")
    client.force_login(resident)
    url = reverse("initiatives:comment_create", args=[idea.initiative.slug, idea.pk])

    response = client.post(url, {"body": "", "parent": comment.pk})

    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="reply-{comment.pk}-body"' in page
    assert '<details class="initiatives-details" open>' in page
    assert Comment.objects.count() == 1


def test_one_report_per_person_and_item_a_second_is_refused_kindly(client, idea):
    reporter = UserFactory()
    client.force_login(reporter)
    url = reverse("initiatives:report", args=[idea.initiative.slug, "idee", idea.pk])

    page = client.get(url)
    first = client.post(url, {"reason": "Werbung"})
    again = client.get(url)
    second = client.post(url, {"reason": "Nochmal"}, follow=True)

    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    assert first.status_code == 302
    assert "schon gemeldet" in again.content.decode()
    assert 'name="reason"' not in again.content.decode()
    assert "schon gemeldet" in second.content.decode()
    assert Report.objects.filter(idea=idea).count() == 1
    assert "Du hast diese Idee gemeldet." in _page(client, idea)


def test_the_database_refuses_a_second_report(idea):
    reporter = UserFactory()
    services.report_content(reporter=reporter, target=idea, reason="Werbung")

    with pytest.raises(services.AlreadyReported):
        services.report_content(reporter=reporter, target=idea, reason="Nochmal")


def test_no_report_on_ones_own_contribution(client, resident, idea):
    client.force_login(resident)
    url = reverse("initiatives:report", args=[idea.initiative.slug, "idee", idea.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Selbst"}).status_code == 403
    assert "Melden" not in _page(client, idea)
    assert not Report.objects.exists()


def test_the_melden_button_is_a_link_to_the_form_not_an_open_form(client, idea):
    client.force_login(UserFactory())
    comment = services.post_comment(author=UserFactory(), idea=idea, body="Hm")

    page = _page(client, idea)

    assert reverse("initiatives:report", args=[idea.initiative.slug, "idee", idea.pk]) in page
    assert (
        reverse("initiatives:report", args=[idea.initiative.slug, "kommentar", comment.pk]) in page
    )
    assert 'name="reason"' not in page


def test_a_hidden_idea_hides_its_official_answer(client, idea, editor_chemnitz):
    services.answer_idea(
        moderator=editor_chemnitz, idea=idea, status="implemented", reason="Steht schon."
    )
    services.moderate(moderator=editor_chemnitz, target=idea, action="hide", reason="Spam")

    detail = _page(client, idea)
    listing = client.get(reverse("initiatives:ideas", args=[idea.initiative.slug]))

    assert "Steht schon." not in detail
    assert "Antwort der Verwaltung:" not in detail
    assert "Antwort: umgesetzt" not in listing.content.decode()


def test_ideas_list_filters_by_words_district_status_and_mine(
    client, resident, initiative, open_phase, chemnitz
):
    district = chemnitz.districts.create(name="Kaßberg", slug="kassberg")
    mine = IdeaFactory(initiative=initiative, author=resident, title="Fahrradbügel am Hauptbahnhof")
    other = IdeaFactory(initiative=initiative, title="Bänke im Park", district=district)
    answered = IdeaFactory(
        initiative=initiative,
        title="Zebrastreifen",
        answer_status=Idea.Answer.ADOPTED,
        moderation=Moderation.PUBLISHED,
    )
    url = reverse("initiatives:ideas", args=[initiative.slug])
    client.force_login(resident)

    def titles(**params) -> set[str]:
        page = client.get(url, params).content.decode()
        return {i.title for i in (mine, other, answered) if i.title in page}

    assert titles(q="Fahrradbügel") == {mine.title}
    assert titles(q="Bänke") == {other.title}
    assert titles(bezirk="kassberg") == {other.title}
    assert titles(antwort="angenommen") == {answered.title}
    assert titles(meine="on") == {mine.title}
