"""BITV 2.0 pages: the accessibility statement with its feedback form, Leichte Sprache and
German Sign Language (DGS)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicportal import privacy
from civicportal.demo import load as load_demo
from civicportal.models import AccessibilityContact, BarrierReport, SignLanguageVideo

pytestmark = pytest.mark.django_db


@pytest.fixture
def chemnitz_contact(chemnitz):
    return AccessibilityContact.objects.create(
        municipality=chemnitz,
        office_name="Behindertenbeauftragte Chemnitz",
        email="barrierefrei@chemnitz.example",
    )


def test_barrier_report_is_stored_and_sent_to_the_municipality_office(
    client, chemnitz_contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accessibility"),
            {
                "municipality": chemnitz_contact.municipality_id,
                "page_url": "/suche/",
                "description": "Der Suchknopf ist mit dem Screenreader nicht erreichbar.",
                "email": "meldung@example.org",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/#barriere-melden"
    report = BarrierReport.objects.get()
    assert report.description == "Der Suchknopf ist mit dem Screenreader nicht erreichbar."
    assert report.sent_to == "barrierefrei@chemnitz.example"
    assert report.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["barrierefrei@chemnitz.example"]
    assert message.reply_to == ["meldung@example.org"]
    assert "Der Suchknopf ist mit dem Screenreader nicht erreichbar." in message.body
    assert f"/admin/civicportal/barrierreport/{report.pk}/change/" in message.body


def test_barrier_report_mail_is_german_with_local_time_whatever_the_page_language(
    client, chemnitz_contact, django_capture_on_commit_callbacks
):
    """The office reads German: a report sent from the English page still arrives in German,
    with the receipt time in German format and Berlin time (not UTC)."""
    received = datetime.datetime(2026, 12, 3, 22, 30, tzinfo=datetime.UTC)  # 23:30 in Berlin

    with (
        time_machine.travel(received, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.get(reverse("switch_language", args=["en"]) + "?next=/")
        client.post(
            reverse("accessibility"),
            {"municipality": chemnitz_contact.municipality_id, "description": "Kein Alt-Text."},
        )

    [message] = mail.outbox
    assert message.subject == "[civicportal] Barriere gemeldet (Chemnitz)"
    assert "Eingegangen am: 03.12.2026 23:30\n" in message.body
    assert "Kommune: Chemnitz\n" in message.body


def test_barrier_report_without_municipality_goes_to_the_portal_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_FEEDBACK_EMAIL = "a11y@portal.example"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accessibility"), {"description": "Kontrast zu schwach."})

    assert [m.to for m in mail.outbox] == [["a11y@portal.example"]]
    assert BarrierReport.objects.get().municipality is None


def test_barrier_report_success_message_shown_after_redirect(client, chemnitz_contact):
    response = client.post(
        reverse("accessibility"), {"description": "Fehlende Beschriftung."}, follow=True
    )

    assert "Danke! Deine Meldung ist angekommen" in response.content.decode()


def test_barrier_report_without_description_shows_error_and_stores_nothing(client):
    response = client.post(reverse("accessibility"), {"email": "kein-text"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_description_error"' in html
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert 'aria-invalid="true"' in html
    assert BarrierReport.objects.count() == 0
    assert mail.outbox == []


def test_barrier_report_signed_in_links_the_account(client, resident):
    client.force_login(resident)

    client.post(reverse("accessibility"), {"description": "Tastaturfalle im Menü."})

    assert BarrierReport.objects.get().user == resident


def test_accessibility_statement_lists_offices_and_form(client, chemnitz_contact):
    html = client.get(reverse("accessibility")).content.decode()

    assert 'id="barriere-melden"' in html
    assert "Behindertenbeauftragte Chemnitz" in html
    assert 'name="description"' in html
    assert 'href="/leichte-sprache/"' in html
    assert 'href="/gebaerdensprache/"' in html


def test_easy_language_page_explains_portal_and_links_statement(client):
    html = client.get(reverse("easy_language")).content.decode()

    assert ">Informationen in Leichter Sprache</h1>" in html
    assert "Wie finden Sie sich zurecht?" in html
    assert 'href="/barrierefreiheit/#barriere-melden"' in html


def test_sign_language_page_without_video_shows_text_version(client):
    html = client.get(reverse("sign_language")).content.decode()

    assert "Das Video in Gebärdensprache wird gerade vorbereitet." in html
    assert "<video" not in html
    assert "Textfassung" in html


def test_sign_language_page_shows_video_set_by_editor(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SignLanguageVideo.objects.create(
        video=SimpleUploadedFile("dgs.mp4", b"\x00", content_type="video/mp4"),
        transcript="Willkommen auf dem Portal.",
        is_published=True,
    )

    html = client.get(reverse("sign_language")).content.decode()

    assert '<video controls preload="metadata" src="/media/dgs/dgs' in html
    assert "wird gerade vorbereitet" not in html
    assert "Willkommen auf dem Portal." in html


def test_unpublished_sign_language_video_is_not_shown(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    SignLanguageVideo.objects.create(
        video=SimpleUploadedFile("dgs.mp4", b"\x00", content_type="video/mp4"),
        is_published=False,
    )

    html = client.get(reverse("sign_language")).content.decode()

    assert "wird gerade vorbereitet" in html


def test_start_page_links_easy_language_and_sign_language(client):
    html = client.get("/").content.decode()

    assert 'href="/leichte-sprache/"' in html
    assert 'href="/gebaerdensprache/"' in html
    assert 'href="/barrierefreiheit/#barriere-melden"' in html


def test_editor_sees_only_own_municipality_reports_in_admin(
    client, editor_chemnitz, chemnitz, dortmund
):
    BarrierReport.objects.create(municipality=chemnitz, description="Chemnitzer Meldung")
    BarrierReport.objects.create(municipality=dortmund, description="Dortmunder Meldung")
    client.force_login(editor_chemnitz)

    html = client.get(reverse("admin:civicportal_barrierreport_changelist")).content.decode()

    assert "Chemnitzer Meldung" in html
    assert "Dortmunder Meldung" not in html


def test_editor_can_set_sign_language_video_in_admin(client, editor_chemnitz):
    client.force_login(editor_chemnitz)

    response = client.get(reverse("admin:civicportal_signlanguagevideo_add"))

    assert response.status_code == 200
    assert 'name="video"' in response.content.decode()


def test_demo_load_is_idempotent(chemnitz, dortmund):
    load_demo()
    load_demo()

    assert AccessibilityContact.objects.count() == 2


def test_privacy_export_lists_own_reports_only(resident, chemnitz):
    BarrierReport.objects.create(user=resident, municipality=chemnitz, description="Eigene")
    BarrierReport.objects.create(email=resident.email.upper(), description="Ohne Konto")
    BarrierReport.objects.create(email="andere@example.org", description="Fremde")

    exported = privacy.export_user_data(resident)

    descriptions = [report["description"] for report in exported["barrier_reports"]]
    assert descriptions == ["Eigene", "Ohne Konto"]
    assert exported["barrier_reports"][0]["municipality"] == "Chemnitz"


def test_privacy_erasure_keeps_report_without_sender(resident):
    report = BarrierReport.objects.create(
        user=resident, name="Rita", email=resident.email, description="Kontrast"
    )

    privacy.erase_user_data(resident)

    report.refresh_from_db()
    assert (report.user, report.name, report.email, report.description) == (
        None,
        "",
        "",
        "Kontrast",
    )
