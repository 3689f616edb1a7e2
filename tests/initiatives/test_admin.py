import pytest
from django.urls import reverse

from initiatives.models import Idea, Moderation, Report
from tests.initiatives.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def test_editor_sees_only_own_municipality_in_moderation_queue(
    client, editor_chemnitz, initiative, dortmund_initiative
):
    mine = IdeaFactory(initiative=initiative, moderation=Moderation.PENDING, title="Chemnitz-Idee")
    IdeaFactory(
        initiative=dortmund_initiative, moderation=Moderation.PENDING, title="Dortmund-Idee"
    )
    client.force_login(editor_chemnitz)

    response = client.get(reverse("admin:initiatives_idea_changelist"), {"bedarf": "offen"})

    assert [i.pk for i in response.context["cl"].result_list] == [mine.pk]


def test_moderation_queue_includes_reported_ideas(client, editor_chemnitz, resident, initiative):
    reported = IdeaFactory(initiative=initiative, title="Gemeldet")
    IdeaFactory(initiative=initiative, title="Unauffällig")
    Report.objects.create(idea=reported, initiative=initiative, reporter=resident, reason="Spam")
    client.force_login(editor_chemnitz)

    response = client.get(reverse("admin:initiatives_idea_changelist"), {"bedarf": "offen"})

    assert [i.title for i in response.context["cl"].result_list] == ["Gemeldet"]


def test_approve_action_publishes_pending_idea(client, editor_chemnitz, initiative):
    idea = IdeaFactory(initiative=initiative, moderation=Moderation.PENDING)
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_idea_changelist"),
        {"action": "approve", "_selected_action": [idea.pk]},
    )

    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED


def test_initiative_change_form_has_inlines(client, editor_chemnitz, initiative):
    client.force_login(editor_chemnitz)

    content = client.get(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    ).content.decode()

    assert "Kennzahlen" in content
    assert "Phasen" in content
    assert "Partnerschaften" in content


def test_dortmund_editor_cannot_open_chemnitz_initiative(client, editor_dortmund, initiative):
    client.force_login(editor_dortmund)

    response = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))

    assert response.status_code in {302, 403, 404}
