import pytest
from django.core import mail
from django.urls import reverse

from initiatives import services, tokens
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
    path = reverse("initiatives:unsubscribe", args=[tokens.unsubscribe_token(follow)])

    confirm = client.get(path)
    assert Follow.objects.filter(pk=follow.pk).exists()  # GET changes nothing
    assert "Ja, abbestellen" in confirm.content.decode()

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_forged_unsubscribe_token_is_404(client, initiative):
    follow = FollowFactory(initiative=initiative)
    token = tokens.unsubscribe_token(follow)[:-2] + "xx"

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
                "publication": "publish",
            },
        )

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[follower.email]]


# --- "my follows" (/initiativen/gefolgt/) -------------------------------------------------------

FOLLOWING = "/initiativen/gefolgt/"


def test_following_page_comes_before_the_slug_pattern():
    from django.urls import resolve

    assert reverse("initiatives:following") == FOLLOWING
    assert resolve(FOLLOWING).url_name == "following"


def test_reserved_slug_cannot_name_an_initiative(chemnitz):
    from django.core.exceptions import ValidationError

    from tests.initiatives.factories import InitiativeFactory

    initiative = InitiativeFactory.build(municipality=chemnitz, slug="gefolgt")

    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "slug" in error.value.message_dict


def test_following_requires_login(client):
    response = client.get(FOLLOWING)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_following_lists_own_follows_of_published_initiatives_with_newest_update(
    client, resident, chemnitz, initiative, open_phase
):
    from tests.initiatives.factories import InitiativeFactory

    older = InitiativeFactory(municipality=chemnitz, title="Fairtrade-Town Chemnitz")
    draft = InitiativeFactory(municipality=chemnitz, title="Entwurf", is_published=False)
    FollowFactory(user=resident, initiative=older)
    FollowFactory(user=resident, initiative=initiative)
    FollowFactory(user=resident, initiative=draft)
    FollowFactory(initiative=InitiativeFactory(municipality=chemnitz, title="Fremd gefolgt"))
    UpdateFactory(initiative=initiative, title="Alte Nachricht", published_at=_days_ago(3))
    UpdateFactory(initiative=initiative, title="Modellroute eröffnet", published_at=_days_ago(1))
    UpdateFactory(initiative=initiative, title="Entwurf", is_published=False)
    client.force_login(resident)

    response = client.get(FOLLOWING)

    follows = response.context["page_obj"].object_list
    assert [f.initiative.title for f in follows] == [initiative.title, older.title]
    assert [f.latest_update_title for f in follows] == ["Modellroute eröffnet", None]
    assert [f.participation_open for f in follows] == [True, False]
    content = response.content.decode()
    assert "Du folgst 2 Initiativen." in content
    assert f'Nicht mehr folgen<span class="kern-sr-only">: {older.title}</span>' in content
    assert "Entwurf" not in content
    assert "Fremd gefolgt" not in content


def test_unfollow_from_the_list_returns_to_it(client, resident, initiative):
    FollowFactory(user=resident, initiative=initiative)
    client.force_login(resident)

    response = client.post(
        reverse("initiatives:unfollow", args=[initiative.slug]), {"next": "following"}, follow=True
    )

    assert response.redirect_chain[-1][0] == FOLLOWING
    assert not Follow.objects.filter(user=resident).exists()
    content = response.content.decode()
    assert f"Du folgst „{initiative.title}“ nicht mehr." in content
    assert "Du folgst noch keiner Initiative." in content


@pytest.mark.parametrize("rows", [1, 30])
def test_following_query_count_is_constant(
    client, resident, chemnitz, django_assert_max_num_queries, rows
):
    from tests.initiatives.factories import InitiativeFactory, PhaseFactory

    for initiative in InitiativeFactory.create_batch(rows, municipality=chemnitz):
        FollowFactory(user=resident, initiative=initiative)
        UpdateFactory(initiative=initiative)
        PhaseFactory(initiative=initiative)
    client.force_login(resident)

    # session, user, capped count, one page with updates and phase flags as subqueries
    with django_assert_max_num_queries(4):
        response = client.get(FOLLOWING)

    assert response.context["page_obj"].count == rows
    assert len(response.context["page_obj"].object_list) == min(rows, 20)


def _days_ago(days: int):
    import datetime

    from django.utils import timezone

    return timezone.now() - datetime.timedelta(days=days)
