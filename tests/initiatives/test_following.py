import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services
from initiatives.models import Follow
from tests.factories import UserFactory
from tests.initiatives.factories import FollowFactory, UpdateFactory

pytestmark = pytest.mark.django_db


def test_resident_follows_and_unfollows(client, resident, initiative):
    client.force_login(resident)

    client.post(reverse("initiatives:follow", args=[initiative.slug]))
    assert Follow.objects.filter(user=resident, initiative=initiative).count() == 1
    content = client.get(initiative.get_absolute_url()).content.decode()
    assert "Nicht mehr folgen" in content

    client.post(reverse("initiatives:unfollow", args=[initiative.slug]))
    assert not Follow.objects.filter(user=resident).exists()


def test_follow_requires_login(client, initiative):
    response = client.post(reverse("initiatives:follow", args=[initiative.slug]))

    assert response.status_code == 302
    assert Follow.objects.count() == 0


def test_publishing_update_mails_each_follower_once(initiative, django_capture_on_commit_callbacks):
    followers = [FollowFactory(initiative=initiative).user for _ in range(3)]
    FollowFactory()  # follows another initiative
    FollowFactory(initiative=initiative, user=UserFactory(verified=False))
    FollowFactory(initiative=initiative, user=UserFactory(is_active=False))
    update = UpdateFactory(initiative=initiative, is_published=False, title="Baustart")

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_update(update=update)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_update(update=update)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in followers)
    message = mail.outbox[0]
    assert "Baustart" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http")
    assert url in message.body


def test_one_click_unsubscribe_without_login(client, initiative):
    follow = FollowFactory(initiative=initiative)
    path = reverse("initiatives:unsubscribe", args=[services.unsubscribe_token(follow)])

    confirm = client.get(path)
    assert Follow.objects.filter(pk=follow.pk).exists()  # GET changes nothing
    assert "Ja, abbestellen" in confirm.content.decode()

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_forged_unsubscribe_token_is_404(client, initiative):
    follow = FollowFactory(initiative=initiative)
    token = services.unsubscribe_token(follow)[:-2] + "xx"

    response = client.post(reverse("initiatives:unsubscribe", args=[token]))

    assert response.status_code == 404
    assert Follow.objects.filter(pk=follow.pk).exists()


def test_admin_action_publishes_and_notifies(
    client, editor_chemnitz, initiative, django_capture_on_commit_callbacks
):
    follower = UserFactory()
    FollowFactory(initiative=initiative, user=follower)
    update = UpdateFactory(initiative=initiative, is_published=False)
    client.force_login(editor_chemnitz)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:initiatives_update_changelist"),
            {"action": "publish", "_selected_action": [update.pk]},
        )

    update.refresh_from_db()
    assert update.is_published
    assert [m.to for m in mail.outbox] == [[follower.email]]


def test_dortmund_editor_cannot_publish_chemnitz_update(
    client, editor_dortmund, initiative, django_capture_on_commit_callbacks
):
    update = UpdateFactory(initiative=initiative, is_published=False)
    client.force_login(editor_dortmund)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:initiatives_update_changelist"),
            {"action": "publish", "_selected_action": [update.pk]},
        )

    update.refresh_from_db()
    assert not update.is_published


def test_saving_published_update_in_admin_notifies(
    client, editor_chemnitz, initiative, django_capture_on_commit_callbacks
):
    follower = FollowFactory(initiative=initiative).user
    client.force_login(editor_chemnitz)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:initiatives_update_add"),
            {
                "initiative": initiative.pk,
                "kind": "news",
                "title": "Baustelle beendet",
                "body": "Fertig.",
                "published_at_0": "21.11.2026",
                "published_at_1": "08:00:00",
                "is_published": "on",
            },
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[follower.email]]
