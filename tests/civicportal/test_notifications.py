"""The notification mechanism as a person meets it: settings per kind, the daily digest,
the in-portal list, the one-click unsubscribe, the language of the mails."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from civicportal.core import notifications
from civicportal.core.models import Notification, NotificationSettings
from initiatives import notifications as initiative_kinds
from initiatives import services
from tests.factories import TEST_PASSWORD, InitiativeFactory, UserFactory
from tests.initiatives.factories import FollowFactory, IdeaFactory, PhaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz)
    PhaseFactory(initiative=initiative)
    author = UserFactory(email="ida@example.org", display_name="Ida")
    return IdeaFactory(initiative=initiative, author=author, title="Mehr Bänke")


def _comment(idea, body="Gute Idee!", capture=None):
    commenter = UserFactory(display_name="Karl K.")
    with capture(execute=True):
        services.post_comment(author=commenter, idea=idea, body=body)


def test_comment_mail_greets_by_name_has_html_and_one_click_unsubscribe(
    idea, django_capture_on_commit_callbacks
):
    _comment(idea, capture=django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["ida@example.org"]
    assert message.subject.endswith("Neuer Kommentar zu deiner Idee „Mehr Bänke“")
    assert message.body.startswith("Hallo Ida,")
    assert "Karl K. hat deine Idee „Mehr Bänke“ kommentiert" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Karl K. hat deine Idee" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/konto/benachrichtigungen/abbestellen/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body


def test_one_click_unsubscribe_switches_the_kind_off(
    client, idea, django_capture_on_commit_callbacks
):
    _comment(idea, capture=django_capture_on_commit_callbacks)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix(settings.SITE_URL)

    assert "Ja, abbestellen" in client.get(path).content.decode()
    done = client.post(path)  # a mail client's one click: no session, no CSRF token
    assert "Du bekommst keine E-Mails mehr zu: Kommentare zu deinen Ideen" in done.content.decode()

    mail.outbox.clear()
    _comment(idea, body="Noch ein Kommentar", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Notification.objects.filter(user=idea.author, subject__contains="Noch").exists()


def test_forged_unsubscribe_token_is_404(client, idea):
    token = notifications.unsubscribe_token(
        idea.author, notifications.get(initiative_kinds.COMMENT)
    )
    path = reverse("notifications:unsubscribe", args=[token[:-2] + "xx"])
    assert client.post(path).status_code == 404


def test_settings_page_saves_modes_and_language(client, idea, django_capture_on_commit_callbacks):
    client.force_login(idea.author)
    page = client.get(reverse("notifications:settings"))
    text = page.content.decode()
    assert "Kommentare zu deinen Ideen" in text
    assert "einmal täglich zusammengefasst" in text
    assert "Beiträge warten auf Freigabe" not in text  # staff kinds only for staff
    assert "lässt sich nicht abschalten" in text  # transactional kinds are listed

    data = {"language": "en"}
    data |= {kind.key: kind.modes()[0] for kind in notifications.kinds() if not kind.staff}
    data[initiative_kinds.COMMENT] = "digest"
    response = client.post(reverse("notifications:settings"), data)
    assert response.status_code == 302

    own = NotificationSettings.objects.get(user=idea.author)
    assert own.language == "en"
    assert own.choices[initiative_kinds.COMMENT] == "digest"


def test_invalid_mode_is_refused_at_the_field(client, idea):
    client.force_login(idea.author)
    response = client.post(
        reverse("notifications:settings"),
        {"language": "de", initiative_kinds.IDEA_ANSWER: "digest"},  # not digest-capable
    )
    assert response.status_code == 200
    assert "kern-fieldset--error" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=idea.author).exists()


def test_digest_collects_a_day_into_one_mail_in_the_chosen_language(
    client, idea, django_capture_on_commit_callbacks
):
    NotificationSettings.objects.create(
        user=idea.author, language="en", choices={initiative_kinds.COMMENT: "digest"}
    )
    _comment(idea, body="Eins", capture=django_capture_on_commit_callbacks)
    _comment(idea, body="Zwei", capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []  # waits for the digest

    client.force_login(idea.author)
    history = client.get(reverse("notifications:history")).content.decode()
    assert history.count("New comment on your idea “Mehr Bänke”") == 2  # as mailed: English
    assert history.count("kommt mit der Tageszusammenfassung") == 2

    call_command("send_daily_notifications", stdout=io.StringIO())
    call_command("send_daily_notifications", stdout=io.StringIO())  # a second run sends nothing

    (digest,) = mail.outbox
    assert digest.to == ["ida@example.org"]
    assert digest.extra_headers[notifications.KIND_HEADER] == "digest"
    assert digest.body.count("/initiativen/") >= 2
    assert digest.body.startswith("Hello Ida,")
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_history_lists_my_notifications_only(client, idea, django_capture_on_commit_callbacks):
    _comment(idea, capture=django_capture_on_commit_callbacks)
    other = UserFactory()

    client.force_login(idea.author)
    mine = client.get(reverse("notifications:history")).content.decode()
    assert "Neuer Kommentar zu deiner Idee „Mehr Bänke“" in mine
    assert "per E-Mail" in mine

    client.force_login(other)
    theirs = client.get(reverse("notifications:history")).content.decode()
    assert "Mehr Bänke" not in theirs
    assert "Noch keine Benachrichtigungen" in theirs


def test_pages_need_login(client):
    for name in ("notifications:settings", "notifications:history"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/konto/login/" in response["Location"]


def test_daily_run_deletes_notifications_older_than_half_a_year_but_not_waiting_ones(idea):
    old = timezone.now() - datetime.timedelta(days=notifications.KEEP_DAYS + 1)
    kept = Notification.objects.create(user=idea.author, kind="x", subject="neu", mode="instant")
    gone = Notification.objects.create(
        user=idea.author, kind="x", subject="alt", mode="instant", created_at=old
    )
    waiting = Notification.objects.create(
        user=idea.author, kind="x", subject="wartet", mode="digest", created_at=old
    )

    assert notifications.prune() == 1

    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {kept.pk, waiting.pk}
    assert gone.pk not in remaining


def test_mails_follow_the_portal_language_of_the_sign_in_until_chosen(client):
    person = UserFactory(email="lena@example.org")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})

    assert NotificationSettings.objects.get(user=person).language == "en"

    NotificationSettings.objects.filter(user=person).update(language="de")  # chosen later
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": person.email, "password": TEST_PASSWORD})
    assert NotificationSettings.objects.get(user=person).language == "de"


def test_staff_see_their_kinds_on_the_settings_page(client, editor_chemnitz):
    client.force_login(editor_chemnitz)
    text = client.get(reverse("notifications:settings")).content.decode()

    assert "Beiträge warten auf Freigabe" in text
    assert "Gemeldete Beiträge" in text


def test_phase_opening_is_announced_once_and_not_weeks_late(
    chemnitz, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(municipality=chemnitz)
    follower = UserFactory()
    FollowFactory(initiative=initiative, user=follower)
    today = timezone.localdate()
    PhaseFactory(initiative=initiative, start_date=today, end_date=today)
    PhaseFactory(  # opened a month ago: too late to announce
        initiative=initiative,
        start_date=today - datetime.timedelta(days=30),
        end_date=today + datetime.timedelta(days=5),
    )

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_daily_notifications", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[follower.email]]
    assert mail.outbox[0].subject.endswith(f"Jetzt mitmachen: {initiative.title}")


@pytest.mark.parametrize(
    ("language", "end"),
    [("de", "Bis zum 24. Dezember 2026"), ("en", "Until Dec. 24, 2026")],
)
def test_mail_dates_are_in_the_recipients_language(
    chemnitz, django_capture_on_commit_callbacks, language, end
):
    """Dates in mails follow the recipient's language (Django's DATE_FORMAT), not a German
    pattern: „24. Dezember 2026“ in German, „Dec. 24, 2026“ in English."""
    initiative = InitiativeFactory(municipality=chemnitz)
    follower = UserFactory()
    NotificationSettings.objects.create(user=follower, language=language)
    FollowFactory(initiative=initiative, user=follower)
    today = datetime.date(2026, 12, 3)
    PhaseFactory(initiative=initiative, start_date=today, end_date=datetime.date(2026, 12, 24))

    morning = datetime.datetime(2026, 12, 3, 8, tzinfo=datetime.UTC)
    with time_machine.travel(morning), django_capture_on_commit_callbacks(execute=True):
        call_command("send_daily_notifications", stdout=io.StringIO())

    (message,) = mail.outbox
    assert end in " ".join(message.body.split())
