import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Idea, IdeaRevision, Moderation, Report
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


def test_editor_reads_what_an_edited_idea_said_before(
    client, editor_chemnitz, editor_dortmund, resident, initiative, open_phase
):
    """The earlier versions of an edited idea (issue 18): on the idea's admin page and in
    their own list, read-only, for the editors of the idea's municipality only."""
    idea = IdeaFactory(initiative=initiative, phase=open_phase, author=resident, title="Bänke")
    services.edit_idea(idea=idea, author=resident, title="Mehr Bänke am Teich", body="Drei Bänke.")
    (revision,) = IdeaRevision.objects.filter(idea=idea)
    client.force_login(editor_chemnitz)

    idea_page = client.get(reverse("admin:initiatives_idea_change", args=[idea.pk]))
    listed = client.get(reverse("admin:initiatives_idearevision_changelist"))
    page = client.get(reverse("admin:initiatives_idearevision_change", args=[revision.pk]))

    assert revision.title in idea_page.content.decode()
    assert f"?idea__id__exact={idea.pk}" in idea_page.content.decode()
    assert [r.pk for r in listed.context["cl"].result_list] == [revision.pk]
    of_idea = client.get(
        reverse("admin:initiatives_idearevision_changelist"), {"idea__id__exact": idea.pk}
    )
    assert [r.pk for r in of_idea.context["cl"].result_list] == [revision.pk]
    html = page.content.decode()
    assert page.status_code == 200
    assert revision.body in html
    assert 'name="_save"' not in html  # nothing to change
    delete = reverse("admin:initiatives_idearevision_delete", args=[revision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert IdeaRevision.objects.filter(pk=revision.pk).exists()
    client.force_login(editor_dortmund)
    other = client.get(reverse("admin:initiatives_idearevision_changelist"))
    assert list(other.context["cl"].result_list) == []
