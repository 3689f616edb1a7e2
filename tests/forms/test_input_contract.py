"""The input contract (issue 13): a rejected POST comes back as the bound form with the
error at its field and everything typed kept (422); no silent truncation or dropping;
bounds that form, model and database agree on; control characters refused; constraint
violations as German sentences at the field; amounts the German way."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from civicportal.core.inputs import AmountField, DecimalInputField, constraint_error, parse_decimal
from civicportal.core.models import Theme
from funding.forms import IncomeLineForm, ProofForm
from funding.models import BudgetItem, IncomeLine, ProofOfUse
from initiatives.models import Comment, Initiative, Report
from tests.initiatives.factories import IdeaFactory
from tests.volunteering.factories import ConsultationSlotFactory, ShiftFactory
from volunteering.models import Booking, HoursEntry, Shift, Signup

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _field_error(page: str, field_id: str) -> str:
    """The error text shown at the field with this id (forms/errors.html)."""
    match = re.search(rf'id="{re.escape(field_id)}_error"[^>]*>(.*?)</p>', page, re.S)
    assert match, f"no error at {field_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# --- comments and reports ---------------------------------------------------------------


def test_a_comment_over_the_limit_comes_back_with_its_text_and_the_right_message(
    client, resident, initiative, open_phase
):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)
    body = "Radweg " * 715  # 5,005 characters

    response = client.post(
        reverse("initiatives:comment_create", args=[initiative.slug, idea.pk]), {"body": body}
    )

    assert response.status_code == 422
    page = _text(response)
    assert body.strip() in page  # nothing typed is lost
    assert "höchstens 4000 Zeichen" in _field_error(page, "id_body")
    assert "Bitte schreibe einen Kommentar" not in page
    assert not Comment.objects.filter(idea=idea).exists()  # nor cut and published


def test_the_comment_box_states_its_limit_and_does_not_cut_pasted_text(
    client, resident, initiative, open_phase
):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)

    page = client.get(reverse("initiatives:idea", args=[initiative.slug, idea.pk]))

    box = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", page.content.decode()).group(0)
    assert 'data-maxlength="4000"' in box
    assert " maxlength=" not in box  # the browser would cut pasted text silently
    assert "id_body_limit" in box  # aria-describedby names the counter
    assert "Höchstens 4.000 Zeichen." in page.content.decode()


def test_a_rejected_report_comes_back_open_with_its_text(
    client, resident, volunteer, initiative, open_phase
):
    idea = IdeaFactory(initiative=initiative)
    comment = Comment.objects.create(idea=idea, author=resident, body="Unsinn!")
    client.force_login(volunteer)
    reason = "Das ist beleidigend. " * 30  # 630 characters, 500 allowed

    response = client.post(
        reverse("initiatives:report", args=[initiative.slug, "kommentar", comment.pk]),
        {"reason": reason},
    )

    assert response.status_code == 422
    page = _text(response)
    assert reason.strip() in page
    assert "höchstens 500 Zeichen" in _field_error(page, "id_reason")  # the report page (issue 18)
    assert not Report.objects.exists()


def test_a_textarea_counts_a_line_break_as_one_character(client, resident, initiative, open_phase):
    idea = IdeaFactory(initiative=initiative)
    client.force_login(resident)
    body = "\r\n".join(["x" * 99] * 40)  # 3,999 characters as typed, CRLF as sent

    response = client.post(
        reverse("initiatives:comment_create", args=[initiative.slug, idea.pk]), {"body": body}
    )

    assert response.status_code == 302
    assert Comment.objects.get(idea=idea).body == body.replace("\r\n", "\n")


# --- volunteering ----------------------------------------------------------------------------


def test_an_application_letter_over_the_limit_is_refused_at_the_field_not_dropped(
    client, volunteer, application_opportunity
):
    shift = ShiftFactory(opportunity=application_opportunity)
    client.force_login(volunteer)
    letter = "Ich lese gern vor. " * 120  # 2,280 characters

    response = client.post(reverse("volunteering:signup", args=[shift.pk]), {"message": letter})

    assert response.status_code == 422
    page = _text(response)
    assert letter.strip() in page
    assert "höchstens 2000 Zeichen" in _field_error(page, f"message-{shift.pk}-message")
    assert "Deine Bewerbung ist bei der Organisation" not in page
    assert not Signup.objects.exists()


def test_a_decline_message_over_the_limit_is_refused_at_the_field(
    client, org_member, volunteer, application_opportunity
):
    shift = ShiftFactory(opportunity=application_opportunity)
    signup = Signup.objects.create(shift=shift, volunteer=volunteer, status="pending")
    client.force_login(org_member)
    text = "Leider ist die Stelle schon vergeben. " * 60

    response = client.post(
        reverse("volunteering:signup_decide", args=[signup.pk, "ablehnen"]), {"response": text}
    )

    assert response.status_code == 422
    page = _text(response)
    assert text.strip() in page
    assert "höchstens 2000 Zeichen" in _field_error(page, f"response-{signup.pk}-response")
    signup.refresh_from_db()
    assert signup.status == "pending"
    assert signup.response == ""


def test_a_two_year_shift_is_refused_at_the_end_field_and_keeps_what_was_typed(
    client, org_member, opportunity
):
    client.force_login(org_member)
    start = (timezone.localtime() + datetime.timedelta(days=3)).replace(microsecond=0)
    data = {
        "starts_at": f"{start:%Y-%m-%dT10:00}",
        "ends_at": f"{start.year + 2}-{start:%m-%dT}16:00",
        "capacity": "12",
    }

    response = client.post(reverse("volunteering:shift_create", args=[opportunity.slug]), data)

    assert response.status_code == 422
    page = _text(response)
    assert "höchstens 24 Stunden" in _field_error(page, f"shift-{opportunity.pk}-ends_at")
    for value in data.values():
        assert f'value="{value}"' in page
    assert not Shift.objects.filter(opportunity=opportunity).exists()


def test_the_database_refuses_a_shift_longer_than_a_day(opportunity):
    start = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Shift.objects.create(
            opportunity=opportunity,
            starts_at=start,
            ends_at=start + datetime.timedelta(days=730),
            capacity=5,
        )
    error = constraint_error(caught.value)
    assert error.message_dict == {
        "ends_at": [
            "Ein Termin dauert höchstens 24 Stunden. Für längere Einsätze lege mehrere Termine an."
        ]
    }


def test_the_hours_form_keeps_what_was_typed_and_names_its_bound_the_german_way(
    client, volunteer, shift
):
    Signup.objects.create(shift=shift, volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)
    data = {
        "opportunity": shift.opportunity_id,
        "date": f"{timezone.localdate():%Y-%m-%d}",
        "hours": "0,1",
        "description": "Tische aufgebaut",
    }

    response = client.post(reverse("volunteering:hours_log"), data)

    assert response.status_code == 422
    page = _text(response)
    assert _field_error(page, "id_hours") == "Bitte gib mindestens 0,25 ein."
    assert 'value="0,1"' in page
    assert 'value="Tische aufgebaut"' in page
    assert f'value="{data["date"]}"' in page
    assert not HoursEntry.objects.exists()


def test_hours_are_entered_with_a_decimal_comma(client, volunteer, shift):
    Signup.objects.create(shift=shift, volunteer=volunteer, status="confirmed")
    client.force_login(volunteer)

    client.post(
        reverse("volunteering:hours_log"),
        {
            "opportunity": shift.opportunity_id,
            "date": f"{timezone.localdate():%Y-%m-%d}",
            "hours": "2,5",
            "description": "Vorgelesen",
        },
    )

    assert HoursEntry.objects.get().hours == Decimal("2.5")


def test_a_rejected_consultation_booking_keeps_the_slot_chosen_and_the_text(client, resident):
    first = ConsultationSlotFactory()
    later = ConsultationSlotFactory(starts_at=first.starts_at + datetime.timedelta(days=7))
    later.ends_at = later.starts_at + datetime.timedelta(hours=1)
    later.save()
    client.force_login(resident)
    topic = "Ich möchte mich im Sport engagieren."

    response = client.post(
        reverse("volunteering:consultation"),
        {"slot": later.pk, "topic": topic, "phone": "0371 " + "1" * 50},
    )

    assert response.status_code == 422
    page = _text(response)
    assert re.search(rf'value="{later.pk}" id="slot-{later.pk}" checked', page)
    assert not re.search(rf'value="{first.pk}" id="slot-{first.pk}" checked', page)
    assert topic in page
    assert "höchstens 40 Zeichen" in _field_error(page, "id_phone")
    assert not Booking.objects.exists()


# --- control characters ------------------------------------------------------------------------


def test_a_title_with_a_line_break_is_refused_at_the_field(client, org_member, organisation):
    client.force_login(org_member)
    data = {
        "title": "Frühstück\r\nBcc: alle@example.org",
        "summary": "Gemeinsam frühstücken",
        "description": "Jeden Samstag.\r\nMit Kaffee.",
        "time_commitment": "once",
        "expected_hours": "2",
        "minimum_age": "0",
        "signup_mode": "instant",
    }

    response = client.post(
        reverse("volunteering:opportunity_create", args=[organisation.slug]), data
    )

    page = _text(response)
    assert "keine Steuerzeichen" in _field_error(page, "id_title")
    assert "id_description_error" not in page  # line breaks are text in a textarea
    assert not organisation.opportunities.exists()


def test_control_characters_are_refused_by_admin_and_account_forms_too(superuser, client):
    client.force_login(superuser)
    response = client.post(
        "/admin/core/theme/add/", {"name": "Sport\x0bund Spiel", "slug": "sport"}
    )
    assert response.status_code == 200
    assert "keine Steuerzeichen" in _text(response)
    assert not Theme.objects.filter(slug="sport").exists()


# --- constraint violations as sentences -----------------------------------------------------------


def test_an_editor_reads_a_sentence_at_the_end_date_not_the_constraint_name(
    client, superuser, initiative
):
    client.force_login(superuser)
    page = client.get(f"/admin/initiatives/initiative/{initiative.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else ""
        for name in form.fields
        if not name.startswith(("themes", "sdgs"))
    }
    data.update({"start_date": "2027-05-01", "end_date": "2026-05-01"})
    instance = Initiative.objects.get(pk=initiative.pk)
    bound = type(form)(data=data, instance=instance)

    assert not bound.is_valid()
    assert bound.errors["end_date"] == ["Das Ende darf nicht vor dem Beginn liegen."]
    assert "initiative_dates_ordered" not in str(bound.errors)


# --- amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("1234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("80,50", Decimal("80.50")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("1.234,56 €", Decimal("1234.56")),
        ("1,234.56", None),  # English grouping in the German interface: refused
        ("1.23.4", None),
        ("1e309", None),
        ("NaN", None),
        ("0.250", None),  # a thousands point or three decimals? refused
    ],
)
def test_german_amounts_parse_unambiguously_or_not_at_all(text, expected):
    with translation.override("de"):
        assert parse_decimal(text) == expected


def test_the_english_interface_takes_english_amounts():
    with translation.override("en"):
        assert parse_decimal("1,234.56") == Decimal("1234.56")
        assert parse_decimal("1.234,56") is None


def test_amount_errors_and_values_are_shown_the_german_way():
    with translation.override("de"):
        field = AmountField()
        with pytest.raises(ValidationError) as caught:
            field.clean("-80,50")
        assert caught.value.messages == ["Bitte gib keinen negativen Betrag ein."]
        with pytest.raises(ValidationError) as caught:
            field.clean("1,234")
        assert caught.value.messages == ["Bitte gib höchstens 2 Nachkommastellen ein."]
        assert field.widget.format_value(Decimal("4800")) == "4.800,00"
        hours = DecimalInputField(min_value=Decimal("0.25"), max_value=Decimal("24"))
        with pytest.raises(ValidationError) as caught:
            hours.clean("24,5")
        assert caught.value.messages == ["Bitte gib höchstens 24,00 ein."]


def test_amount_inputs_are_text_with_a_decimal_keyboard():
    form = IncomeLineForm()
    widget = str(form["amount"])
    assert 'type="text"' in widget
    assert 'inputmode="decimal"' in widget


def test_negative_income_is_refused_by_form_and_database(application):
    form = IncomeLineForm(data={"kind": "donations", "amount": "-5.000,00"})
    assert not form.is_valid()
    assert form.errors["amount"] == [
        "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den beantragten "
        "Betrag, nie erhöhen sie ihn."
    ]

    line = application.income_lines.get()
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        IncomeLine.objects.filter(pk=line.pk).update(amount=Decimal("-5000"))
    assert "über 0 €" in constraint_error(caught.value).message_dict["amount"][0]


def test_people_reached_is_bounded_by_form_and_database(application):
    item = BudgetItem.objects.filter(application=application).first()
    form = ProofForm(
        data={"narrative": "Bericht", "people_reached": str(2**31), f"line_{item.pk}": "10"},
        items=[item],
    )
    assert not form.is_valid()
    assert form.errors["people_reached"] == ["Bitte gib höchstens 10.000.000 Personen an."]
    with pytest.raises(IntegrityError), transaction.atomic():
        ProofOfUse.objects.create(application=application, people_reached=20_000_000)
