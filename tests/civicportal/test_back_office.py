"""The back office an editor uses: scoping leaks closed, one path per state change, the
editorial workflow, the moderation desk, staff onboarding, uploads (issue 17)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from civicportal.core.models import AuditEntry, StaffInvitation, StaffMembership
from civicportal.core.uploads import check_captions, check_video, reencode_image
from initiatives import services
from initiatives.models import (
    CouncilDecision,
    Idea,
    Initiative,
    Moderation,
    Partner,
    Report,
    SlugRedirect,
    Update,
)
from tests.factories import InitiativeFactory, UserFactory
from tests.initiatives.factories import IdeaFactory
from tests.security.mfa import current_code, give_totp, mark_mfa_authenticated

pytestmark = pytest.mark.django_db

#: third-party admins that only superusers open (allauth's e-mail addresses and
#: authenticators): their raw-ID person field reveals nothing to city staff
SUPERUSER_ONLY_ADMINS = {"account.EmailAddress", "mfa.Authenticator"}


@pytest.fixture
def initiative(chemnitz):
    return InitiativeFactory(municipality=chemnitz, slug="numic", title="NUMIC Chemnitz")


@pytest.fixture
def dortmund_initiative(dortmund):
    return InitiativeFactory(municipality=dortmund, slug="nordwaerts", title="nordwärts")


@pytest.fixture
def real_mfa():
    """The real staff TOTP gate (see tests/conftest.py)."""
    return True


def _png(size=(900, 600), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _initiative_form(initiative=None, **changes) -> dict:
    """POST data of the initiative change form (no inline rows)."""
    data = {
        "municipality": initiative.municipality_id if initiative else "",
        "title": initiative.title if initiative else "",
        "slug": initiative.slug if initiative else "",
        "summary": initiative.summary if initiative else "Kurz",
        "body": initiative.body if initiative else "",
        "status": initiative.status if initiative else Initiative.Status.ONGOING,
        "publication": "publish" if initiative and initiative.is_published else "draft",
        "image_alt": "",
    }
    for prefix in ("key_figures", "phases", "partnerships"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(changes)
    return data


# --- scoping leaks (item 3) ----------------------------------------------------------------


def test_view_on_site_only_for_records_the_staff_member_may_view(
    client, editor_chemnitz, editor_dortmund, chemnitz
):
    draft = InitiativeFactory(municipality=chemnitz, slug="geheimer-entwurf", is_published=False)
    content_type = ContentType.objects.get_for_model(Initiative)
    url = reverse("admin:view_on_site", args=[content_type.pk, draft.pk])

    client.force_login(editor_dortmund)
    other_city = client.get(url)
    client.force_login(editor_chemnitz)
    own_city = client.get(url)

    assert other_city.status_code == 404
    assert "geheimer-entwurf" not in other_city.get("Location", "")
    assert own_city.status_code == 302
    assert own_city["Location"] == "/initiativen/geheimer-entwurf/"


def test_no_admin_uses_raw_id_fields():
    offenders = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in SUPERUSER_ONLY_ADMINS:
            continue
        if model_admin.raw_id_fields:
            offenders.append(model._meta.label)
        for inline in model_admin.inlines:
            if inline.raw_id_fields:
                offenders.append(f"{model._meta.label} inline {inline.model._meta.label}")

    assert offenders == []


def test_person_autocomplete_never_offers_residents_to_city_staff(
    client, agency_staff, resident, superuser
):
    params = {"app_label": "volunteering", "model_name": "signup", "field_name": "volunteer"}
    url = reverse("admin:autocomplete")

    client.force_login(agency_staff)
    staff_answer = client.get(url, {**params, "term": "resident"})
    client.force_login(superuser)
    superuser_answer = client.get(url, {**params, "term": "resident"})

    assert "resident@example.org" not in staff_answer.content.decode()
    assert "resident@example.org" in superuser_answer.content.decode()


def test_initiative_autocomplete_is_scoped_to_the_own_city(
    client, editor_dortmund, chemnitz, dortmund
):
    InitiativeFactory(municipality=chemnitz, title="Chemnitzer Entwurf", is_published=False)
    InitiativeFactory(municipality=dortmund, title="Dortmunder Programm")
    client.force_login(editor_dortmund)

    answer = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "initiatives", "model_name": "update", "field_name": "initiative"},
    ).json()

    assert [item["text"] for item in answer["results"]] == ["Dortmunder Programm"]


def test_tampered_person_id_does_not_reveal_the_account(client, agency_staff, resident):
    """The old raw-ID widget printed the label of any id typed into it."""
    from tests.volunteering.factories import OpportunityFactory, ShiftFactory

    shift = ShiftFactory(
        opportunity=OpportunityFactory(municipality=agency_staff_city(agency_staff))
    )
    client.force_login(agency_staff)

    response = client.post(
        reverse("admin:volunteering_signup_add"),
        {"volunteer": resident.pk, "shift": shift.pk},
    )

    assert "resident@example.org" not in response.content.decode()


def agency_staff_city(user):
    return StaffMembership.objects.get(user=user).municipality


def test_editor_does_not_see_the_e_mail_of_an_idea_author(client, editor_chemnitz, initiative):
    author = UserFactory(email="rita.privat@example.org", display_name="Rita R.")
    idea = IdeaFactory(initiative=initiative, author=author)
    client.force_login(editor_chemnitz)

    page = client.get(reverse("admin:initiatives_idea_change", args=[idea.pk])).content.decode()

    assert "rita.privat@example.org" not in page
    assert "Rita R." in page


def test_partner_is_changed_only_by_its_city_and_the_change_is_audited(
    client, editor_chemnitz, editor_dortmund, chemnitz
):
    partner = Partner.objects.create(name="TU Chemnitz", kind="science", municipality=chemnitz)
    url = reverse("admin:initiatives_partner_change", args=[partner.pk])
    data = {"name": "TU Chemnitz (geändert)", "kind": "science", "municipality": chemnitz.pk}

    client.force_login(editor_dortmund)
    client.post(url, data)
    unchanged = Partner.objects.get(pk=partner.pk).name
    client.force_login(editor_chemnitz)
    client.post(url, data)

    assert unchanged == "TU Chemnitz"
    assert Partner.objects.get(pk=partner.pk).name == "TU Chemnitz (geändert)"
    entry = AuditEntry.objects.get(action="partner.changed")
    assert entry.actor == editor_chemnitz
    assert "name" in entry.note


# --- one path per state change (item 4) -----------------------------------------------------


def _assert_hidden_by_service(idea, moderator, reason):
    idea.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN
    assert idea.moderation_reason == reason
    assert idea.moderated_by == moderator
    assert idea.moderated_at is not None
    assert not idea.reports.open().exists()
    entry = AuditEntry.objects.filter(action="idea.hidden", target_id=str(idea.pk)).get()
    assert entry.actor == moderator
    assert entry.note == reason


@pytest.mark.parametrize("path", ["change form", "list action", "moderation desk"])
def test_hiding_an_idea_from_any_admin_path_runs_the_service(
    client, editor_chemnitz, resident, initiative, path
):
    idea = IdeaFactory(initiative=initiative, author=resident)
    Report.objects.create(idea=idea, initiative=initiative, reporter=resident, reason="Spam")
    client.force_login(editor_chemnitz)
    reason = "Werbung für ein Unternehmen"

    if path == "change form":
        client.post(
            reverse("admin:initiatives_idea_change", args=[idea.pk]),
            {
                "initiative": initiative.pk,
                "title": idea.title,
                "body": idea.body,
                "moderation": Moderation.HIDDEN,
                "moderation_reason": reason,
                "answer_status": "",
                "answer": "",
                "notify_author": "on",
            },
        )
    elif path == "list action":
        client.post(
            reverse("admin:initiatives_idea_changelist"),
            {"action": "hide", "_selected_action": [idea.pk], "reason": reason},
        )
    else:
        client.post(
            reverse("admin:moderation_queue"),
            {"kind": "idea", "pk": idea.pk, "action": "hide", "reason": reason},
        )

    _assert_hidden_by_service(idea, editor_chemnitz, reason)


def test_hide_action_without_a_reason_changes_nothing(client, editor_chemnitz, initiative):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_idea_changelist"),
        {"action": "hide", "_selected_action": [idea.pk], "reason": " "},
    )

    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED


def test_report_change_form_cannot_close_a_report(client, editor_chemnitz, resident, initiative):
    idea = IdeaFactory(initiative=initiative)
    report = Report.objects.create(idea=idea, initiative=initiative, reporter=resident, reason="x")
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_report_change", args=[report.pk]),
        {"resolved_at_0": "01.01.2026", "resolved_at_1": "10:00"},
    )

    assert Report.objects.get(pk=report.pk).resolved_at is None


def test_granting_a_role_in_the_admin_makes_staff_and_is_audited(client, superuser, chemnitz):
    colleague = UserFactory(email="neu@example.org")
    client.force_login(superuser)

    client.post(
        reverse("admin:core_staffmembership_add"),
        {"user": colleague.pk, "municipality": chemnitz.pk, "role": "editor"},
    )

    colleague.refresh_from_db()
    assert colleague.is_staff
    assert AuditEntry.objects.get(action="staff_role.granted").actor == superuser


def test_revoking_the_last_role_ends_staff_access(client, superuser, editor_chemnitz):
    membership = StaffMembership.objects.get(user=editor_chemnitz)
    client.force_login(superuser)

    client.post(
        reverse("admin:core_staffmembership_changelist"),
        {"action": "revoke", "_selected_action": [membership.pk]},
    )

    editor_chemnitz.refresh_from_db()
    assert not editor_chemnitz.is_staff
    assert AuditEntry.objects.filter(action="staff_role.revoked").count() == 1


# --- moderation desk (item 6) ---------------------------------------------------------------


def test_start_page_counts_open_reports_and_pending_items(
    client, editor_chemnitz, resident, initiative, dortmund_initiative
):
    idea = IdeaFactory(initiative=initiative)
    IdeaFactory(initiative=initiative, moderation=Moderation.PENDING)
    IdeaFactory(initiative=dortmund_initiative, moderation=Moderation.PENDING)
    Report.objects.create(idea=idea, initiative=initiative, reporter=resident, reason="Spam")
    client.force_login(editor_chemnitz)

    response = client.get(reverse("admin:index"))

    assert response.context["desk"] == {"reports": 1, "pending": 1}


def test_desk_lists_items_with_their_reports_and_dismiss_keeps_the_item(
    client, editor_chemnitz, resident, initiative
):
    idea = IdeaFactory(initiative=initiative, title="Parkbank streichen")
    Report.objects.create(idea=idea, initiative=initiative, reporter=resident, reason="Beleidigend")
    client.force_login(editor_chemnitz)

    page = client.get(reverse("admin:moderation_queue")).content.decode()
    client.post(
        reverse("admin:moderation_queue"), {"kind": "idea", "pk": idea.pk, "action": "dismiss"}
    )

    assert "Parkbank streichen" in page
    assert "Beleidigend" in page
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED
    assert not idea.reports.open().exists()
    assert AuditEntry.objects.filter(action="reports.dismissed").exists()


def test_desk_refuses_another_citys_item(client, editor_dortmund, initiative):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(editor_dortmund)

    response = client.post(
        reverse("admin:moderation_queue"),
        {"kind": "idea", "pk": idea.pk, "action": "hide", "reason": "x"},
    )

    assert response.status_code == 404
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED


# --- editorial workflow (item 5) ------------------------------------------------------------


def test_new_initiative_is_a_draft_with_a_german_slug(client, editor_chemnitz, chemnitz):
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_initiative_add"),
        _initiative_form(municipality=chemnitz.pk, title="Grünes Hörde – Straße", slug=""),
    )

    initiative = Initiative.objects.get(title="Grünes Hörde – Straße")
    assert initiative.slug == "gruenes-hoerde-strasse"
    assert not initiative.is_published
    assert client.logout() is None
    assert client.get(initiative.get_absolute_url()).status_code == 404


def test_editor_publishes_schedules_and_unpublishes(client, editor_chemnitz, chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz, is_published=False, slug="plan")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    client.force_login(editor_chemnitz)
    later = timezone.localtime() + datetime.timedelta(days=2)

    client.post(
        url,
        _initiative_form(
            initiative,
            publication="schedule",
            schedule_at_0=later.strftime("%d.%m.%Y"),
            schedule_at_1=later.strftime("%H:%M"),
        ),
    )
    initiative.refresh_from_db()
    scheduled = (initiative.is_published, initiative.publish_at is not None)
    published = services.publish_due(now=timezone.now() + datetime.timedelta(days=3))
    initiative.refresh_from_db()
    client.post(url, _initiative_form(initiative, publication="draft"))

    assert scheduled == (False, True)
    assert published == 1
    assert not Initiative.objects.get(pk=initiative.pk).is_published
    actions = list(
        AuditEntry.objects.filter(target_id=str(initiative.pk), action__startswith="initiative.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["initiative.scheduled", "initiative.published", "initiative.unpublished"]


def test_revisions_compare_and_revert(client, editor_chemnitz, chemnitz):
    client.force_login(editor_chemnitz)
    client.post(
        reverse("admin:initiatives_initiative_add"),
        _initiative_form(municipality=chemnitz.pk, title="Stadtgrün", summary="Alte Fassung"),
    )
    initiative = Initiative.objects.get(title="Stadtgrün")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    client.post(url, _initiative_form(initiative, summary="Neue Fassung"))
    history = client.get(reverse("admin:initiatives_initiative_history", args=[initiative.pk]))
    first = history.context["action_list"][-1]

    compare = client.get(first["compare_url"]).content.decode()
    client.post(first["url"], _initiative_form(initiative, summary="Alte Fassung"))

    assert "Alte" in compare
    assert "Neue" in compare
    assert '<del class="diff-removed">Alte</del>' in compare
    assert Initiative.objects.get(pk=initiative.pk).summary == "Alte Fassung"


def test_revert_url_of_another_citys_record_changes_nothing(
    client, editor_chemnitz, editor_dortmund, chemnitz
):
    client.force_login(editor_chemnitz)
    client.post(
        reverse("admin:initiatives_initiative_add"),
        _initiative_form(municipality=chemnitz.pk, title="Kaßberg", summary="Erste"),
    )
    initiative = Initiative.objects.get(title="Kaßberg")
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    client.post(url, _initiative_form(initiative, summary="Zweite"))
    history = client.get(reverse("admin:initiatives_initiative_history", args=[initiative.pk]))
    revert = history.context["action_list"][-1]["url"]

    client.force_login(editor_dortmund)
    response = client.post(revert, _initiative_form(initiative, summary="Erste"))

    assert response.status_code == 404
    assert Initiative.objects.get(pk=initiative.pk).summary == "Zweite"


def test_slug_change_keeps_the_old_address_working(client, editor_chemnitz, chemnitz):
    initiative = InitiativeFactory(municipality=chemnitz, slug="alter-name", title="Alt")
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
        _initiative_form(initiative, slug="neuer-name"),
    )
    client.logout()
    response = client.get("/initiativen/alter-name/ideen/?seite=2")

    assert SlugRedirect.objects.get().old_slug == "alter-name"
    assert response.status_code == 301
    assert response["Location"] == "/initiativen/neuer-name/ideen/?seite=2"


def test_preview_shows_unsaved_changes_and_saves_nothing(client, editor_chemnitz, initiative):
    client.force_login(editor_chemnitz)

    response = client.post(
        reverse("admin:initiatives_initiative_preview", args=[initiative.pk]),
        _initiative_form(initiative, title="Ungespeicherter Titel"),
    )

    assert response.status_code == 200
    assert "Ungespeicherter Titel" in response.content.decode()
    assert "Vorschau" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).title != "Ungespeicherter Titel"


def test_initiative_with_residents_ideas_cannot_be_deleted(client, editor_chemnitz, initiative):
    IdeaFactory(initiative=initiative)
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_initiative_delete", args=[initiative.pk]), {"post": "yes"}
    )

    assert Initiative.objects.filter(pk=initiative.pk).exists()
    assert Idea.objects.filter(initiative=initiative).count() == 1


def test_news_and_council_decisions_start_as_drafts(client, editor_chemnitz, initiative, chemnitz):
    client.force_login(editor_chemnitz)

    client.post(
        reverse("admin:initiatives_update_add"),
        {
            "initiative": initiative.pk,
            "kind": "news",
            "title": "Entwurf einer Neuigkeit",
            "published_at_0": "01.01.2026",
            "published_at_1": "10:00",
            "publication": "draft",
        },
    )
    decision = CouncilDecision(municipality=chemnitz, title="B", decided_on=datetime.date.today())
    decision.save()

    assert not Update.objects.get(title="Entwurf einer Neuigkeit").is_published
    assert not decision.is_published


# --- staff onboarding (item 2) --------------------------------------------------------------


@override_settings(STAFF_MFA_REQUIRED=True)
def test_invited_colleague_reaches_the_admin_in_one_flow(
    client, superuser, chemnitz, real_mfa, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    mark_mfa_authenticated(client, superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:core_staffinvitation_add"),
            {
                "email": "Neue.Kollegin@chemnitz.example",
                "municipality": chemnitz.pk,
                "role": "editor",
            },
        )
    link = re.search(r"https?://\S+/konto/verwaltung/einladung/\S+/", mail.outbox[-1].body)
    client.logout()

    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    response = client.post(
        "/" + path,
        {
            "full_name": "Neue Kollegin",
            "password1": "ein-langes-Passwort-2026",
            "password2": "ein-langes-Passwort-2026",
        },
    )
    admin_response = client.get(response["Location"])

    setup = client.get(admin_response["Location"])
    secret = client.session["mfa.totp.secret"]
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    codes = client.get(activated["Location"])
    arrived = client.get("/admin/")

    assert response["Location"] == "/admin/"
    assert admin_response.status_code == 302
    assert admin_response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=%2Fadmin%2F" in admin_response["Location"]
    assert setup.status_code == 200
    assert activated["Location"] == reverse("mfa_view_recovery_codes") + "?next=%2Fadmin%2F"
    assert 'href="/admin/"' in codes.content.decode()
    assert arrived.status_code == 200  # no second code, no password again
    invitation = StaffInvitation.objects.get()
    assert invitation.accepted_at is not None
    membership = StaffMembership.objects.get(user__email="neue.kollegin@chemnitz.example")
    assert membership.role == "editor"
    assert membership.user.is_staff
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "staff.invited",
        "staff_role.granted",
        "staff.invitation_accepted",
    }


def test_used_invitation_link_is_gone(client, superuser, chemnitz):
    invitation = StaffInvitation.objects.create(
        email="x@example.org", municipality=chemnitz, role="editor", accepted_at=timezone.now()
    )

    response = client.get(reverse("staff_invitation", args=[invitation.token]))

    assert response.status_code == 410


def test_city_access_admin_resets_a_lost_authenticator(client, chemnitz, editor_chemnitz):
    access_admin = UserFactory(email="zugaenge@chemnitz.example", is_staff=True)
    StaffMembership.objects.create(
        user=access_admin, municipality=chemnitz, role=StaffMembership.Role.ADMINISTRATOR
    )
    give_totp(editor_chemnitz)
    membership = StaffMembership.objects.get(user=editor_chemnitz)
    client.force_login(access_admin)

    client.post(
        reverse("admin:core_staffmembership_changelist"),
        {"action": "reset_authenticator", "_selected_action": [membership.pk]},
    )

    assert not Authenticator.objects.filter(user=editor_chemnitz).exists()
    assert AuditEntry.objects.get(action="mfa.reset").actor == access_admin


def test_access_admin_of_another_city_cannot_reset(client, dortmund, editor_chemnitz):
    access_admin = UserFactory(email="zugaenge@dortmund.example", is_staff=True)
    StaffMembership.objects.create(
        user=access_admin, municipality=dortmund, role=StaffMembership.Role.ADMINISTRATOR
    )
    give_totp(editor_chemnitz)
    membership = StaffMembership.objects.get(user=editor_chemnitz)
    client.force_login(access_admin)

    client.post(
        reverse("admin:core_staffmembership_changelist"),
        {"action": "reset_authenticator", "_selected_action": [membership.pk]},
    )

    assert Authenticator.objects.filter(user=editor_chemnitz).exists()


# --- uploads (item 1) -----------------------------------------------------------------------


def test_images_are_re_encoded_and_scaled():
    upload = SimpleUploadedFile("foto.png", _png((5000, 1000)), content_type="image/png")

    result = reencode_image(upload)

    with Image.open(result) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2400
    assert result.name == "foto.jpg"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bild.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("bild.png", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_non_images_are_refused(name, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        reencode_image(SimpleUploadedFile(name, content, content_type="image/png"))


@pytest.mark.parametrize(
    ("check", "name", "content"),
    [
        (check_video, "video.mp4", b"<html><script>alert(1)</script></html>"),
        (check_video, "video.svg", b"<svg onload=alert(1)>"),
        (check_captions, "untertitel.vtt", b"WEBVTT\n\n<script>alert(1)</script>"),
        (check_captions, "untertitel.vtt", b"<html></html>"),
    ],
)
def test_video_and_captions_are_checked_by_content(check, name, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        check(SimpleUploadedFile(name, content))


def test_real_webm_and_vtt_pass():
    webm = SimpleUploadedFile("clip.bin", b"\x1a\x45\xdf\xa3" + b"\x42\x82\x84webm" + b"\0" * 64)
    captions = SimpleUploadedFile("u.txt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHallo")

    check_video(webm)
    check_captions(captions)

    assert webm.name == "clip.webm"
    assert captions.name == "u.vtt"


def test_uploaded_initiative_image_is_shown_as_renditions(
    client, editor_chemnitz, initiative, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(editor_chemnitz)
    image = SimpleUploadedFile("platz.png", _png((1300, 700)), content_type="image/png")

    client.post(
        reverse("admin:initiatives_initiative_change", args=[initiative.pk]),
        _initiative_form(initiative, image=image, image_alt="Der Marktplatz im Sommer"),
    )
    initiative.refresh_from_db()
    page = client.get(initiative.get_absolute_url()).content.decode()
    media = client.get(initiative.image.url)

    assert initiative.image.name.endswith(".jpg")
    assert '<source type="image/webp"' in page
    assert re.search(r'srcset="[^"]+480w, [^"]+800w, [^"]+1200w', page)
    assert media.status_code == 200
    assert media["X-Content-Type-Options"] == "nosniff"


def test_person_autocomplete_of_an_inline_offers_the_citys_staff(
    client, funding_officer, reviewer, resident
):
    client.force_login(funding_officer)

    answer = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "funding", "model_name": "reviewassignment", "field_name": "reviewer"},
    ).json()

    emails = [item["text"] for item in answer["results"]]
    assert "reviewer@example.org" in emails
    assert "resident@example.org" not in emails


@pytest.mark.parametrize("pk", ["abc", "1; DROP TABLE", "", "99999999999999999999"])
def test_desk_answers_tampered_ids_without_an_error(client, editor_chemnitz, pk):
    client.force_login(editor_chemnitz)

    response = client.post(
        reverse("admin:moderation_queue"), {"kind": "idea", "pk": pk, "action": "approve"}
    )

    assert response.status_code == 404
