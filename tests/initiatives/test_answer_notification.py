"""The author of an idea gets an e-mail when the editors answer it officially."""

from types import SimpleNamespace

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from civicportal.core.notifications import deliver
from initiatives import notifications, services, tokens
from initiatives.admin import IdeaAdminForm
from initiatives.models import Idea
from tests.factories import UserFactory
from tests.initiatives.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def _answer(client, idea, status: str, reason: str = ""):
    return client.post(
        reverse("initiatives:idea_answer", args=[idea.initiative.slug, idea.pk]),
        {"status": status, "reason": reason},
    )


@pytest.fixture
def idea(initiative, open_phase):
    author = UserFactory(email="ideengeberin@example.org", display_name="Ida")
    return IdeaFactory(initiative=initiative, author=author, title="Mehr Bänke am Schloßteich")


def test_answer_mails_the_author_once_with_status_reason_and_unsubscribe(
    client, editor_chemnitz, idea, django_capture_on_commit_callbacks
):
    client.force_login(editor_chemnitz)

    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, idea, "not_adopted", "Der Platz ist Denkmalschutz.")

    (message,) = mail.outbox
    assert message.to == ["ideengeberin@example.org"]
    assert message.subject.endswith("Antwort auf deine Idee „Mehr Bänke am Schloßteich“")
    assert "Stand: abgelehnt" in message.body
    assert "Der Platz ist Denkmalschutz." in message.body
    assert f"/initiativen/{idea.initiative.slug}/ideen/{idea.pk}/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/benachrichtigungen/idee-abbestellen/" in unsubscribe
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unchanged_answer_sends_nothing_but_a_new_reason_does(
    client, editor_chemnitz, idea, django_capture_on_commit_callbacks
):
    client.force_login(editor_chemnitz)
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, idea, "under_review", "Wir prüfen die Kosten.")
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, idea, "under_review", "Wir prüfen die Kosten.")
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, idea, "adopted", "Die Bänke kommen im Frühjahr.")

    assert [("in Prüfung" in m.body, "Frühjahr" in m.body) for m in mail.outbox] == [
        (True, False),
        (False, True),
    ]


def test_task_running_twice_sends_one_mail(editor_chemnitz, idea):
    services.answer_idea(moderator=editor_chemnitz, idea=idea, status="adopted", reason="")

    assert deliver(notifications.IDEA_ANSWER, {"idea_id": idea.pk}) == 1
    assert deliver(notifications.IDEA_ANSWER, {"idea_id": idea.pk}) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "author_kwargs", [{"verified": False}, {"is_active": False}, None], ids=str
)
def test_no_mail_to_unverified_inactive_or_erased_authors(
    editor_chemnitz, initiative, author_kwargs, django_capture_on_commit_callbacks
):
    author = UserFactory(**author_kwargs) if author_kwargs is not None else None
    idea = IdeaFactory(initiative=initiative, author=author)

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_idea(moderator=editor_chemnitz, idea=idea, status="adopted", reason="")

    assert mail.outbox == []
    assert Idea.objects.get(pk=idea.pk).answer_status == "adopted"


def test_one_click_unsubscribe_stops_answer_mails(
    client, editor_chemnitz, idea, django_capture_on_commit_callbacks
):
    path = reverse("initiatives:idea_unsubscribe", args=[tokens.idea_unsubscribe_token(idea)])

    confirm = client.get(path)
    assert "Ja, abbestellen" in confirm.content.decode()
    assert Idea.objects.get(pk=idea.pk).notify_author is True  # GET changes nothing
    done = client.post(path)  # what a mail client does (RFC 8058): no session, no CSRF token
    assert "Du bekommst keine E-Mails mehr zu deiner Idee" in done.content.decode()
    assert Idea.objects.get(pk=idea.pk).notify_author is False

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_idea(moderator=editor_chemnitz, idea=idea, status="adopted", reason="")
    assert mail.outbox == []


def test_forged_or_foreign_token_is_404(client, idea):
    other = IdeaFactory(initiative=idea.initiative)
    forged = tokens.idea_unsubscribe_token(idea)[:-2] + "xx"
    stale = tokens.idea_unsubscribe_token(idea)
    Idea.objects.filter(pk=idea.pk).update(author=other.author)  # e.g. after erasure

    for token in (forged, stale):
        path = reverse("initiatives:idea_unsubscribe", args=[token])
        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
    assert Idea.objects.get(pk=idea.pk).notify_author is True


def test_answer_in_admin_records_editor_and_mails_author(
    editor_chemnitz, idea, django_capture_on_commit_callbacks
):
    model_admin = site._registry[Idea]
    request = RequestFactory().post("/")
    request.user = editor_chemnitz
    idea.answer_status, idea.answer = "adopted", "Kommt 2027."

    with django_capture_on_commit_callbacks(execute=True):
        model_admin.save_model(
            request, idea, SimpleNamespace(changed_data=["answer_status", "answer"]), True
        )

    idea.refresh_from_db()
    assert (idea.answer_status, idea.answer, idea.answered_by) == (
        "adopted",
        "Kommt 2027.",
        editor_chemnitz,
    )
    assert ["Kommt 2027." in m.body for m in mail.outbox] == [True]


def test_admin_form_requires_reason_for_not_adopted(idea):
    form = IdeaAdminForm(instance=idea)
    data = {
        name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None
    }
    data.update({"answer_status": "not_adopted", "answer": " "})

    bound = IdeaAdminForm(data=data, instance=idea)

    assert not bound.is_valid()
    assert "answer" in bound.errors
