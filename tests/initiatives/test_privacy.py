import pytest

from initiatives.models import Follow, Idea, Support
from initiatives.privacy import erase_user_data, export_user_data
from tests.initiatives.factories import FollowFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_export_lists_the_users_participation(resident, initiative):
    FollowFactory(user=resident, initiative=initiative)
    IdeaFactory(author=resident, initiative=initiative, title="Mehr Bänke")
    SupportFactory(user=resident)

    data = export_user_data(resident)

    assert [i["title"] for i in data["ideas"]] == ["Mehr Bänke"]
    assert [f["initiative"] for f in data["follows"]] == [initiative.title]
    assert len(data["supports"]) == 1


def test_erase_keeps_content_anonymous_and_support_counts(resident, initiative):
    FollowFactory(user=resident, initiative=initiative)
    idea = IdeaFactory(author=resident, initiative=initiative)
    supported = IdeaFactory(initiative=initiative)
    SupportFactory(user=resident, idea=supported)

    erase_user_data(resident)

    assert not Follow.objects.filter(user=resident).exists()
    assert Idea.objects.get(pk=idea.pk).author is None
    assert Support.objects.filter(idea=supported).count() == 1
    assert not Support.objects.filter(user=resident).exists()
    assert export_user_data(resident)["ideas"] == []
