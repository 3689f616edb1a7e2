from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from civicportal.core.models import Organisation, OrganisationMembership
from organisations import services as organisation_services
from organisations.models import OrganisationInvitation
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.volunteering.factories import (
    ConsultationSlotFactory,
    OpportunityFactory,
    ProfileFactory,
    ShiftFactory,
    SkillFactory,
)
from volunteering import services
from volunteering.models import Booking, Signup, slot_bit

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [o.title for o in response.context["page_obj"].object_list]


# --- list --------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [2, 30])
def test_list_query_count_is_constant(client, organisation, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ShiftFactory(opportunity=OpportunityFactory(organisation=organisation))

    with django_assert_max_num_queries(8):
        response = client.get("/engagement/")

    assert len(response.context["page_obj"].object_list) == min(rows, 20)
    assert response.context["count"] == rows


def test_list_shows_places_left_per_card(client, volunteer, shift):
    services.sign_up(volunteer=volunteer, shift=shift)

    response = client.get("/engagement/")

    assert "1 Platz frei" in response.content.decode()


def test_list_filters_by_theme_skill_and_remote(client, organisation):
    klima = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    skill = SkillFactory(name="Gärtnern", slug="gaertnern")
    OpportunityFactory(organisation=organisation, title="Garten", themes=[klima], skills=[skill])
    OpportunityFactory(organisation=organisation, title="Online", is_remote=True)
    OpportunityFactory(organisation=organisation, title="Anderes")

    assert _titles(client.get("/engagement/", {"thema": "klimaschutz"})) == ["Garten"]
    assert _titles(client.get("/engagement/", {"faehigkeit": "gaertnern"})) == ["Garten"]
    assert _titles(client.get("/engagement/", {"zuhause": "on"})) == ["Online"]


def test_list_filters_by_district_municipality_and_commitment(client, organisation, dortmund):
    district = DistrictFactory(municipality=organisation.municipality)
    OpportunityFactory(organisation=organisation, title="Im Bezirk", district=district)
    OpportunityFactory(
        organisation=OrganisationFactory(municipality=dortmund),
        title="In Dortmund",
        time_commitment="regular",
    )

    assert _titles(client.get("/engagement/", {"bezirk": district.pk})) == ["Im Bezirk"]
    assert _titles(client.get("/engagement/", {"kommune": "dortmund"})) == ["In Dortmund"]
    assert _titles(client.get("/engagement/", {"zeitaufwand": "regular"})) == ["In Dortmund"]


def test_list_filters_by_weekday_daypart_and_suitability(client, organisation):
    tuesday = timezone.make_aware(datetime.datetime(2031, 1, 7, 18))
    saturday = timezone.make_aware(datetime.datetime(2031, 1, 11, 9))
    evening = OpportunityFactory(organisation=organisation, title="Abends", suitability=["young"])
    morning = OpportunityFactory(organisation=organisation, title="Morgens")
    ShiftFactory(
        opportunity=evening, starts_at=tuesday, ends_at=tuesday + datetime.timedelta(hours=2)
    )
    ShiftFactory(
        opportunity=morning, starts_at=saturday, ends_at=saturday + datetime.timedelta(hours=2)
    )

    assert _titles(client.get("/engagement/", {"wochentag": "1"})) == ["Abends"]
    assert _titles(client.get("/engagement/", {"tageszeit": "morning"})) == ["Morgens"]
    assert _titles(client.get("/engagement/", {"wochentag": "5", "tageszeit": "evening"})) == []
    assert _titles(client.get("/engagement/", {"geeignet": "young"})) == ["Abends"]


def test_list_search_uses_german_stemming(client, organisation):
    OpportunityFactory(organisation=organisation, title="Bäume pflanzen im Stadtteil")
    OpportunityFactory(organisation=organisation, title="Vorlesen für Kinder")

    response = client.get("/engagement/", {"q": "Baum pflanzen"})

    assert _titles(response) == ["Bäume pflanzen im Stadtteil"]


def test_list_search_ranks_like_the_portal_search_and_suggests(client, organisation):
    """With words, /engagement/ sorts as /suche/ does (the word in the title ranks above
    the word in the text, whatever is newer) and corrects a typo („Meintest du …?“)."""
    OpportunityFactory(organisation=organisation, title="Klimaschutz im Quartier")
    OpportunityFactory(
        organisation=organisation, title="Vorlesen", summary="Geschichten über Klimaschutz"
    )

    assert _titles(client.get("/engagement/", {"q": "Klimaschutz"})) == [
        "Klimaschutz im Quartier",
        "Vorlesen",
    ]
    assert _titles(client.get("/engagement/")) == ["Vorlesen", "Klimaschutz im Quartier"]
    response = client.get("/engagement/", {"q": "Klimschutz"})
    assert response.context["suggestion"] == "Klimaschutz"
    assert "Meintest du:" in response.content.decode()
    assert client.get("/engagement/", {"q": "Klimaschutz"}).context["suggestion"] == ""


def test_list_hides_unpublished_and_closed(client, organisation):
    OpportunityFactory(organisation=organisation, title="Sichtbar")
    OpportunityFactory(organisation=organisation, title="Entwurf", is_published=False)
    OpportunityFactory(organisation=organisation, title="Zu", is_closed=True)

    assert _titles(client.get("/engagement/")) == ["Sichtbar"]


# --- detail and sign-up ------------------------------------------------------------------------


def test_detail_signup_drops_place_count(client, volunteer, shift):
    url = shift.opportunity.get_absolute_url()
    client.force_login(volunteer)
    assert "Noch 2 Plätze frei" in client.get(url).content.decode()

    response = client.post(f"/engagement/termine/{shift.pk}/anmelden/", follow=True)

    page = response.content.decode()
    assert "Du bist angemeldet." in page
    assert "Noch 1 Platz frei" in page


def test_detail_overlap_message_is_shown(client, volunteer, shift, organisation):
    other = ShiftFactory(
        opportunity=OpportunityFactory(organisation=organisation, title="Stadtputz"),
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
    services.sign_up(volunteer=volunteer, shift=other)
    client.force_login(volunteer)

    response = client.post(f"/engagement/termine/{shift.pk}/anmelden/", follow=True)

    assert "schon für „Stadtputz“" in response.content.decode()


def test_detail_of_unpublished_is_404_for_public(client, organisation):
    opportunity = OpportunityFactory(organisation=organisation, is_published=False)

    assert client.get(opportunity.get_absolute_url()).status_code == 404


def test_signup_requires_login(client, shift):
    response = client.post(f"/engagement/termine/{shift.pk}/anmelden/")

    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert not Signup.objects.exists()


def test_cancel_others_signup_is_404(client, volunteer, resident, shift):
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(resident)

    response = client.post(f"/engagement/anmeldungen/{signup.pk}/absagen/")

    signup.refresh_from_db()
    assert response.status_code == 404
    assert signup.status == Signup.Status.CONFIRMED


# --- profile, matches, mine --------------------------------------------------------------------


def test_profile_form_saves_availability_mask(client, volunteer, chemnitz):
    theme = ThemeFactory(name="Kultur", slug="kultur")
    client.force_login(volunteer)

    response = client.post(
        "/engagement/profil/",
        {
            "municipality": chemnitz.pk,
            "interests": [theme.pk],
            "availability": ["1-evening", "5-morning"],
            "languages": ["de"],
            "age_band": "18-29",
        },
    )

    profile = volunteer.volunteer_profile
    assert response.status_code == 302
    assert profile.availability_mask == slot_bit(1, "evening") | slot_bit(5, "morning")
    assert list(profile.interests.values_list("name", flat=True)) == ["Kultur"]


def test_matches_without_profile_redirects_to_profile(client, volunteer):
    client.force_login(volunteer)

    response = client.get("/engagement/fuer-mich/")

    assert response["Location"] == "/engagement/profil/"


def test_matches_page_shows_reasons(client, volunteer, organisation, django_assert_max_num_queries):
    theme = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    ShiftFactory(opportunity=OpportunityFactory(organisation=organisation, themes=[theme]))
    ProfileFactory(user=volunteer, municipality=organisation.municipality, interests=[theme])
    client.force_login(volunteer)

    with django_assert_max_num_queries(8):
        response = client.get("/engagement/fuer-mich/")

    assert "passt zu deinem Interesse Klimaschutz" in response.content.decode()


def test_mine_shows_progress_toward_threshold(client, volunteer, org_member, shift):
    ProfileFactory(user=volunteer, municipality=shift.opportunity.municipality)
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    with time_machine.travel(shift.ends_at):
        services.mark_attendance(signup=signup, attended=True, by=org_member)
    client.force_login(volunteer)

    with time_machine.travel(shift.ends_at + datetime.timedelta(hours=1)):
        page = client.get("/engagement/meine/").content.decode()

    assert f"{shift.starts_at.year}: 2 von 250 Stunden" in page


def test_mine_lists_upcoming_signup_with_cancel(client, volunteer, shift):
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(volunteer)

    page = client.get("/engagement/meine/").content.decode()

    assert "Frühstück für alle" in page
    assert "Absagen" in page


# --- consultation ------------------------------------------------------------------------------


def test_consultation_book_and_cancel(client, resident):
    slot = ConsultationSlotFactory()
    client.force_login(resident)

    response = client.post(
        "/engagement/beratung/", {"slot": slot.pk, "topic": "Garten"}, follow=True
    )
    booking = Booking.objects.get(resident=resident)
    assert "Dein Beratungstermin ist gebucht." in response.content.decode()

    client.post(f"/engagement/beratung/{booking.pk}/absagen/")

    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert slot.is_booked is False


def test_consultation_hides_booked_slots(client, resident):
    free = ConsultationSlotFactory(location="Ladenlokal frei")
    taken = ConsultationSlotFactory(location="Ladenlokal belegt")
    services.book_consultation(resident=resident, slot=taken)

    slots = client.get("/engagement/beratung/").context["slots"]

    assert slots == [free]


def test_phone_consultation_needs_number(client, resident):
    slot = ConsultationSlotFactory(mode="phone", location="")
    client.force_login(resident)

    response = client.post("/engagement/beratung/", {"slot": slot.pk}, follow=True)

    assert "brauchen wir deine Nummer" in response.content.decode()
    assert not Booking.objects.exists()


# --- organisations -----------------------------------------------------------------------------


def test_register_organisation_is_unverified_and_cannot_publish(client, resident, chemnitz):
    client.force_login(resident)

    client.post(
        "/organisationen/neu/",
        {"name": "Neue Nachbarn", "legal_form": "informal", "municipality": chemnitz.pk},
    )

    organisation = Organisation.objects.get(name="Neue Nachbarn")
    membership = OrganisationMembership.objects.get(organisation=organisation)
    assert organisation.verified_at is None
    assert (membership.user, membership.role) == (resident, "admin")
    opportunity = OpportunityFactory(organisation=organisation, is_published=False)
    response = client.post(f"/engagement/{opportunity.slug}/veroeffentlichen/", follow=True)
    assert "noch nicht verifiziert" in response.content.decode()


def test_unverified_organisation_page_is_404_for_public(client, chemnitz):
    organisation = OrganisationFactory(municipality=chemnitz, verified_at=None)

    assert client.get(f"/organisationen/{organisation.slug}/").status_code == 404


def test_organisation_public_page_hides_dashboard(client, volunteer, shift, organisation):
    services.sign_up(volunteer=volunteer, shift=shift)

    page = client.get(f"/organisationen/{organisation.slug}/").content.decode()

    assert "Frühstück für alle" in page
    assert "volunteer@example.org" not in page


def test_dashboard_shows_contacts_only_of_signed_up_people(client, org_member, volunteer, shift):
    bystander = UserFactory(email="bystander@example.org")
    ProfileFactory(user=bystander, municipality=shift.opportunity.municipality)
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(org_member)

    page = client.get(f"/organisationen/{shift.opportunity.organisation.slug}/").content.decode()

    assert "volunteer@example.org" in page
    assert "bystander@example.org" not in page
    assert "erst, wenn sie sich für eines eurer Angebote angemeldet haben" in page


def test_dashboard_approve_application(client, org_member, volunteer, application_opportunity):
    shift = ShiftFactory(opportunity=application_opportunity)
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(org_member)

    client.post(f"/engagement/anmeldungen/{signup.pk}/annehmen/", {"response": "Willkommen!"})

    signup.refresh_from_db()
    assert (signup.status, signup.response) == (Signup.Status.CONFIRMED, "Willkommen!")


def test_other_organisations_cannot_decide_or_export(client, volunteer, shift):
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=OrganisationFactory())
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(stranger)
    slug = shift.opportunity.organisation.slug

    assert client.post(f"/engagement/anmeldungen/{signup.pk}/ablehnen/").status_code == 404
    assert client.get(f"/organisationen/{slug}/teilnehmende.csv").status_code == 404
    assert client.post(f"/engagement/anmeldungen/{signup.pk}/anwesenheit/").status_code == 404


def test_csv_export_lists_participants(client, org_member, volunteer, shift):
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(org_member)

    response = client.get(f"/organisationen/{shift.opportunity.organisation.slug}/teilnehmende.csv")

    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "Angebot;Beginn;Ende;Name;E-Mail;Status"
    assert lines[1].endswith(";Vera Volunteer;volunteer@example.org;bestätigt")


def test_invitation_by_email_and_accept(
    client, org_member, organisation, django_capture_on_commit_callbacks
):
    client.force_login(org_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organisationen/{organisation.slug}/einladen/",
            {"email": "neu@example.org", "role": "coordinator"},
        )
    invitation = OrganisationInvitation.objects.get()
    assert mail.outbox[-1].to == ["neu@example.org"]
    assert invitation.token in mail.outbox[-1].body

    invitee = UserFactory(email="neu@example.org")
    client.force_login(invitee)
    client.post(f"/organisationen/einladung/{invitation.token}/")

    assert OrganisationMembership.objects.get(user=invitee).role == "coordinator"


def test_invitation_for_other_email_is_refused(client, org_member, organisation):
    invitation = organisation_services.invite_member(
        organisation=organisation, email="neu@example.org", role="admin", by=org_member
    )
    client.force_login(UserFactory(email="falsch@example.org"))

    client.post(f"/organisationen/einladung/{invitation.token}/")

    assert not OrganisationMembership.objects.filter(user__email="falsch@example.org").exists()


def test_attendance_from_dashboard_records_hours(client, org_member, volunteer, shift):
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(org_member)

    with time_machine.travel(shift.ends_at):
        client.post(f"/engagement/anmeldungen/{signup.pk}/anwesenheit/", {"attended": "1"})

    signup.refresh_from_db()
    assert signup.status == Signup.Status.ATTENDED
    assert str(signup.hours_entry.hours) == "2.00"


# --- admin -------------------------------------------------------------------------------------


def test_agency_staff_sees_only_own_municipality_in_admin(
    client, agency_staff, dortmund, organisation
):
    OpportunityFactory(organisation=organisation, title="Chemnitzer Angebot")
    OpportunityFactory(
        organisation=OrganisationFactory(municipality=dortmund), title="Dortmunder Angebot"
    )
    client.force_login(agency_staff)

    page = client.get("/admin/volunteering/opportunity/").content.decode()

    assert "Dortmunder Angebot" in page
    assert "Chemnitzer Angebot" not in page


def test_editor_cannot_use_volunteering_admin(client, editor_dortmund):
    client.force_login(editor_dortmund)

    assert client.get("/admin/volunteering/opportunity/").status_code == 403


# --- more organisation and qualification pages -------------------------------------------------


@pytest.mark.parametrize("rows", [1, 12])
def test_dashboard_query_count_is_constant(
    client, org_member, organisation, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        shift = ShiftFactory(opportunity=OpportunityFactory(organisation=organisation))
        services.sign_up(volunteer=UserFactory(), shift=shift)
    client.force_login(org_member)

    with django_assert_max_num_queries(12):
        response = client.get(f"/organisationen/{organisation.slug}/")

    assert len(response.context["opportunities"]) == rows


def test_member_creates_opportunity_and_shift(client, org_member, organisation):
    theme = ThemeFactory(name="Kultur", slug="kultur")
    client.force_login(org_member)

    client.post(
        f"/organisationen/{organisation.slug}/neues-angebot/",
        {
            "title": "Lesecafé",
            "summary": "Vorlesen im Café.",
            "themes": [theme.pk],
            "time_commitment": "regular",
            "minimum_age": 0,
            "signup_mode": "instant",
        },
    )
    opportunity = organisation.opportunities.get()
    start = timezone.localtime() + datetime.timedelta(days=5)
    client.post(
        f"/engagement/{opportunity.slug}/termine/",
        {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": 4,
        },
    )
    client.post(f"/engagement/{opportunity.slug}/veroeffentlichen/")

    opportunity.refresh_from_db()
    assert (opportunity.slug, opportunity.is_published, opportunity.theme_ids) == (
        "lesecafe",
        True,
        [theme.pk],
    )
    assert opportunity.shifts.get().capacity == 4
    assert opportunity.open_until is not None


def test_trainings_page_lists_training_events(client, chemnitz):
    from tests.initiatives.factories import EventFactory

    EventFactory(municipality=chemnitz, title="Erste-Hilfe-Kurs für Engagierte", is_training=True)
    EventFactory(municipality=chemnitz, title="Stadtfest", is_training=False)

    page = client.get("/engagement/qualifizierung/").content.decode()

    assert "Erste-Hilfe-Kurs für Engagierte" in page
    assert "Stadtfest" not in page


def test_hours_confirmed_from_dashboard(client, org_member, volunteer, shift):
    services.sign_up(volunteer=volunteer, shift=shift)
    entry = services.log_hours(
        volunteer=volunteer,
        opportunity=shift.opportunity,
        day=timezone.localdate(),
        hours=2,
        description="Plakate geklebt",
    )
    client.force_login(org_member)

    client.post(f"/engagement/stunden/{entry.pk}/", {"confirm": "1"})

    entry.refresh_from_db()
    assert entry.status == "confirmed"


def test_volunteer_logs_hours_from_my_page(client, volunteer, shift):
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(volunteer)

    response = client.post(
        "/engagement/meine/stunden/",
        {
            "opportunity": shift.opportunity.pk,
            "date": timezone.localdate().isoformat(),
            "hours": "1.5",
            "description": "Einkäufe erledigt",
        },
        follow=True,
    )

    assert "Die Organisation bestätigt sie." in response.content.decode()
    assert volunteer.hours_entries.get().description == "Einkäufe erledigt"


def test_organisation_absolute_url_resolves(organisation):
    assert organisation.get_absolute_url() == f"/organisationen/{organisation.slug}/"


def test_admin_refuses_publishing_for_unverified_organisation(client, superuser, chemnitz):
    from volunteering.admin import OpportunityAdminForm

    organisation = OrganisationFactory(municipality=chemnitz, verified_at=None)
    form = OpportunityAdminForm(
        data={
            "organisation": organisation.pk,
            "municipality": chemnitz.pk,
            "title": "Neu",
            "slug": "neu",
            "summary": "x",
            "time_commitment": "one_off",
            "minimum_age": 0,
            "signup_mode": "instant",
            "is_published": "on",
        }
    )

    assert not form.is_valid()
    assert "Nur verifizierte Organisationen veröffentlichen." in form.errors["is_published"][0]


def test_agency_staff_publishes_consultation_slot_in_admin(client, agency_staff, dortmund):
    client.force_login(agency_staff)
    start = timezone.localtime() + datetime.timedelta(days=3)

    response = client.post(
        "/admin/volunteering/consultationslot/add/",
        {
            "municipality": dortmund.pk,
            "starts_at_0": start.strftime("%d.%m.%Y"),
            "starts_at_1": "10:00:00",
            "ends_at_0": start.strftime("%d.%m.%Y"),
            "ends_at_1": "10:45:00",
            "mode": "in_person",
            "location": "Ladenlokal in der Berswordt-Halle",
            "is_published": "on",
            "bookings-TOTAL_FORMS": "0",
            "bookings-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/engagement/beratung/").context["slots"][0].location == (
        "Ladenlokal in der Berswordt-Halle"
    )


@pytest.mark.parametrize("rows", [1, 15])
def test_mine_query_count_is_constant(
    client, volunteer, organisation, rows, django_assert_max_num_queries
):
    ProfileFactory(user=volunteer, municipality=organisation.municipality)
    for index in range(rows):
        shift = ShiftFactory(
            opportunity=OpportunityFactory(organisation=organisation),
            starts_at=timezone.localtime() + datetime.timedelta(days=2, hours=3 * index),
        )
        services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(volunteer)

    with django_assert_max_num_queries(8):
        response = client.get("/engagement/meine/")

    assert len(response.context["upcoming"]) == rows


@pytest.mark.parametrize("rows", [1, 25])
def test_matches_query_count_is_constant(
    client, volunteer, organisation, rows, django_assert_max_num_queries
):
    theme = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    for _ in range(rows):
        ShiftFactory(opportunity=OpportunityFactory(organisation=organisation, themes=[theme]))
    ProfileFactory(user=volunteer, municipality=organisation.municipality, interests=[theme])
    client.force_login(volunteer)

    with django_assert_max_num_queries(7):
        response = client.get("/engagement/fuer-mich/")

    assert len(response.context["matches"]) == min(rows, 20)


def test_closed_opportunity_offers_no_signup(client, volunteer, shift):
    from volunteering.models import Opportunity

    Opportunity.objects.filter(pk=shift.opportunity_id).update(is_closed=True)
    client.force_login(volunteer)

    page = client.get(shift.opportunity.get_absolute_url()).content.decode()

    assert "keine Anmeldungen mehr möglich" in page
    assert f"/engagement/termine/{shift.pk}/anmelden/" not in page


def test_admin_shift_capacity_cannot_drop_below_taken(volunteer, shift):
    from volunteering.admin import ShiftInlineForm

    services.sign_up(volunteer=volunteer, shift=shift)
    services.sign_up(volunteer=UserFactory(), shift=shift)
    shift.refresh_from_db()
    form = ShiftInlineForm(
        instance=shift,
        data={
            "starts_at": timezone.localtime(shift.starts_at).strftime("%Y-%m-%d %H:%M"),
            "ends_at": timezone.localtime(shift.ends_at).strftime("%Y-%m-%d %H:%M"),
            "capacity": 1,
        },
    )

    assert not form.is_valid()
    assert "schon 2 Plätze vergeben" in form.errors["capacity"][0]


@pytest.mark.parametrize("slot", ["abc", "", "99999"])
def test_consultation_with_bad_slot_is_404(client, resident, slot):
    client.force_login(resident)

    response = client.post("/engagement/beratung/", {"slot": slot})

    assert response.status_code == 404
    assert not Booking.objects.exists()


def test_mine_shows_waitlist_position(client, volunteer, organisation):
    shift = ShiftFactory(opportunity=OpportunityFactory(organisation=organisation), capacity=1)
    for _ in range(3):
        services.sign_up(volunteer=UserFactory(), shift=shift)
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(volunteer)

    page = client.get("/engagement/meine/").content.decode()

    assert "auf der Warteliste (Platz 3)" in page


def test_agency_staff_sees_signup_but_cannot_move_it(client, agency_staff, dortmund, volunteer):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory(municipality=dortmund))
    )
    signup = services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(agency_staff)

    page = client.get(f"/admin/volunteering/signup/{signup.pk}/change/").content.decode()

    assert "volunteer@example.org" in page
    assert 'name="shift"' not in page


def test_admin_adds_signup_through_the_service(client, superuser, dortmund, volunteer):
    # City staff pick only staff accounts (issue 17: no picker lists residents' addresses);
    # a superuser signs a person up in the admin, through the service.
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory(municipality=dortmund)),
        capacity=1,
    )
    services.sign_up(volunteer=UserFactory(), shift=shift)
    client.force_login(superuser)

    response = client.post(
        "/admin/volunteering/signup/add/",
        {"volunteer": volunteer.pk, "shift": shift.pk, "message": "", "response": ""},
    )
    twice = client.post(
        "/admin/volunteering/signup/add/",
        {"volunteer": volunteer.pk, "shift": shift.pk, "message": "", "response": ""},
    )

    assert response.status_code == 302
    assert Signup.objects.get(volunteer=volunteer).status == Signup.Status.WAITLISTED
    assert "schon angemeldet" in twice.content.decode()


def test_admin_delete_gives_the_place_to_the_waitlist(client, agency_staff, dortmund, volunteer):
    shift = ShiftFactory(
        opportunity=OpportunityFactory(organisation=OrganisationFactory(municipality=dortmund)),
        capacity=1,
    )
    holder = services.sign_up(volunteer=UserFactory(), shift=shift)
    services.sign_up(volunteer=volunteer, shift=shift)
    client.force_login(agency_staff)

    client.post(f"/admin/volunteering/signup/{holder.pk}/delete/", {"post": "yes"})

    shift.refresh_from_db()
    assert not Signup.objects.filter(pk=holder.pk).exists()
    assert Signup.objects.get(volunteer=volunteer).status == Signup.Status.CONFIRMED
    assert shift.taken == 1


def test_staff_cancelling_a_booking_in_admin_frees_the_slot(
    client, agency_staff, dortmund, resident
):
    slot = ConsultationSlotFactory(municipality=dortmund)
    booking = services.book_consultation(resident=resident, slot=slot)
    client.force_login(agency_staff)

    response = client.post(
        f"/admin/volunteering/booking/{booking.pk}/change/",
        {"status": "cancelled", "staff_notes": "Hat abgesagt, will Juni neu buchen."},
    )

    slot.refresh_from_db()
    booking.refresh_from_db()
    assert response.status_code == 302
    assert (booking.status, booking.staff_notes) == (
        "cancelled",
        "Hat abgesagt, will Juni neu buchen.",
    )
    assert slot.is_booked is False


def test_member_edits_opportunity_and_matching_columns_follow(client, org_member, organisation):
    old_theme = ThemeFactory(name="Kultur", slug="kultur")
    new_theme = ThemeFactory(name="Klimaschutz", slug="klimaschutz")
    opportunity = OpportunityFactory(organisation=organisation, title="Alt", themes=[old_theme])
    client.force_login(org_member)

    client.post(
        f"/engagement/{opportunity.slug}/bearbeiten/",
        {
            "title": "Neu",
            "summary": "Neue Beschreibung.",
            "themes": [new_theme.pk],
            "time_commitment": "flexible",
            "minimum_age": 16,
            "signup_mode": "instant",
        },
    )

    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.theme_ids, opportunity.is_published) == (
        "Neu",
        [new_theme.pk],
        True,
    )


def test_stranger_cannot_edit_opportunity(client, resident, opportunity):
    client.force_login(resident)

    assert client.get(f"/engagement/{opportunity.slug}/bearbeiten/").status_code == 404
