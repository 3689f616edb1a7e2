"""Every input of the volunteering part goes through one of these forms."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicportal.core.inputs import DecimalInputField
from civicportal.core.models import District, Organisation, Theme
from volunteering.models import (
    DAYPARTS,
    MAX_HOURS,
    MAX_SHIFT_CAPACITY,
    MAX_SHIFT_LENGTH,
    SHIFT_TOO_LONG,
    WEEKDAYS,
    AgeBand,
    Daypart,
    Language,
    Opportunity,
    Skill,
    Suitability,
    VolunteerProfile,
    slot_bit,
)

AVAILABILITY_CHOICES = [
    (f"{weekday}-{daypart}", f"{day_name} {Daypart(daypart).label}")
    for weekday, day_name in WEEKDAYS
    for daypart in DAYPARTS
]


def mask_from_choices(values: list[str]) -> int:
    mask = 0
    for value in values:
        weekday, daypart = value.split("-", 1)
        mask |= slot_bit(int(weekday), daypart)
    return mask


def choices_from_mask(mask: int) -> list[str]:
    return [
        f"{weekday}-{daypart}"
        for weekday, _name in WEEKDAYS
        for daypart in DAYPARTS
        if mask & slot_bit(weekday, daypart)
    ]


class ProfileForm(forms.ModelForm):
    availability = forms.MultipleChoiceField(
        label=_("Wann hast du Zeit?"),
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Vormittags bis 12 Uhr, nachmittags bis 17 Uhr, abends ab 17 Uhr."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Welche Sprachen sprichst du?"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    suitability = forms.MultipleChoiceField(
        label=_("Was ist dir wichtig?"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "municipality",
            "district",
            "interests",
            "skills",
            "availability",
            "languages",
            "age_band",
            "suitability",
            "wants_remote",
        ]
        labels = {
            "municipality": _("Wo möchtest du dich engagieren?"),
            "district": _("In welchem Stadtbezirk wohnst du?"),
            "interests": _("Welche Themen liegen dir am Herzen?"),
            "skills": _("Was kannst du gut?"),
            "age_band": _("Wie alt bist du?"),
        }
        help_texts = {
            "age_band": _("Manche Angebote haben ein Mindestalter."),
        }
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.select_related("municipality")
        self.fields["interests"].queryset = Theme.objects.all()
        self.fields["skills"].queryset = Skill.objects.all()
        self.fields["age_band"].required = True
        if self.instance.pk:
            self.initial["availability"] = choices_from_mask(self.instance.availability_mask)

    def clean(self):
        cleaned = super().clean()
        district = cleaned.get("district")
        municipality = cleaned.get("municipality")
        if district and municipality and district.municipality_id != municipality.pk:
            self.add_error("district", _("Dieser Stadtbezirk gehört nicht zur gewählten Kommune."))
        if district and not municipality:
            cleaned["municipality"] = district.municipality
        return cleaned

    def save(self, commit: bool = True):
        profile = super().save(commit=False)
        profile.availability_mask = mask_from_choices(self.cleaned_data["availability"])
        if self.cleaned_data.get("municipality") is not None:
            profile.municipality = self.cleaned_data["municipality"]
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class SignupForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an die Organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Asked only where the opportunity has a minimum age and the profile lacks the band.
    age_band = forms.ChoiceField(
        label=_("Wie alt bist du?"),
        choices=[("", "–"), *AgeBand.choices],
        required=False,
        help_text=_(
            "Dieses Angebot hat ein Mindestalter. Wir merken uns die Angabe in deinem Profil."
        ),
    )


class DecisionForm(forms.Form):
    response = forms.CharField(
        label=_("Nachricht an die Person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HoursForm(forms.Form):
    opportunity = forms.ModelChoiceField(label=_("Angebot"), queryset=Opportunity.objects.none())
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = DecimalInputField(
        label=_("Stunden"),
        min_value=Decimal("0.25"),
        max_value=MAX_HOURS,
        decimal_places=2,
        help_text=_("Zum Beispiel „2,5“ für zweieinhalb Stunden."),
    )
    description = forms.CharField(label=_("Was hast du gemacht?"), max_length=300)

    def __init__(self, *args, opportunities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Stunden lassen sich nicht im Voraus eintragen."))
        return value


class CertificateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Jahr"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Prüfcode"), max_length=20)


class BookingForm(forms.Form):
    topic = forms.CharField(
        label=_("Worum soll es gehen?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zum Beispiel: Themen, die dich interessieren, und wie viel Zeit du hast."),
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("Nur für Beratung am Telefon nötig."),
    )


class OpportunityForm(forms.ModelForm):
    suitability = forms.MultipleChoiceField(
        label=_("Geeignet"),
        choices=Suitability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "summary",
            "description",
            "themes",
            "skills",
            "district",
            "place",
            "is_remote",
            "time_commitment",
            "expected_hours",
            "minimum_age",
            "suitability",
            "languages",
            "accessibility_notes",
            "signup_mode",
            "waitlist_cutoff_hours",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            municipality_id=organisation.municipality_id
        ).select_related("municipality")
        self.fields["waitlist_cutoff_hours"].required = False

    def clean_waitlist_cutoff_hours(self):
        value = self.cleaned_data.get("waitlist_cutoff_hours")
        if value is None:
            return Opportunity._meta.get_field("waitlist_cutoff_hours").default
        return value


class ShiftForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Beginn"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=MAX_SHIFT_CAPACITY)
    place = forms.CharField(
        label=_("Ort"),
        required=False,
        max_length=200,
        help_text=_("Leer lassen, wenn der Termin am Ort des Angebots stattfindet."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        elif start and end and end - start > MAX_SHIFT_LENGTH:
            self.add_error("ends_at", SHIFT_TOO_LONG)
        if start and start <= timezone.now():
            self.add_error("starts_at", _("Der Termin muss in der Zukunft liegen."))
        return cleaned


class ShiftCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Nachricht an die Angemeldeten"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zum Beispiel: „Der Gartentag fällt wegen Regen aus.“"),
    )


class ParticipantMessageForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=150)
    body = forms.CharField(
        label=_("Nachricht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
