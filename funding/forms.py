"""Forms of the funding part: every input goes through one of these."""

from __future__ import annotations

from decimal import Decimal

import filetype
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from civicportal.core.inputs import AmountField
from civicportal.core.models import District, Organisation
from funding.formatting import euro
from funding.models import MAX_PEOPLE_REACHED, Application, BudgetItem, Call, Criterion
from funding.services import DRAFT_FIELDS
from initiatives.models import Initiative

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ApplicationForm(forms.ModelForm):
    """The project part of an application. Only the title is needed for a draft; the
    rest is checked in words when submitting (``services.submission_problems``)."""

    class Meta:
        model = Application
        fields = ["organisation", *DRAFT_FIELDS]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "own_contribution": _("Geld oder Leistungen, die deine Organisation selbst einbringt."),
            "other_funding": _("Zum Beispiel Spenden, Eintritte oder andere Förderungen."),
            "initiative": _("Wenn dein Projekt Teil einer städtischen Initiative ist."),
        }

    def __init__(self, *args, user, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = call.programme.municipality_id
        self.call = call
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = Organisation.objects.for_member(user).filter(
                municipality_id=municipality
            )
            self.fields["organisation"].label = _("Antragstellende Organisation")
            if self.fields["organisation"].queryset.count() == 1:
                self.fields["organisation"].empty_label = None
        self.fields["district"].queryset = District.objects.filter(municipality_id=municipality)
        self.fields["initiative"].queryset = Initiative.objects.published().filter(
            municipality_id=municipality
        )
        for name, field in self.fields.items():
            if name not in ("organisation", "title"):
                field.required = False
        self.fields["own_contribution"].required = False
        self.fields["other_funding"].required = False

    def clean_own_contribution(self):
        return self.cleaned_data.get("own_contribution") or Decimal("0")

    def clean_other_funding(self):
        return self.cleaned_data.get("other_funding") or Decimal("0")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Projektende liegt vor dem Projektbeginn."))
        return cleaned


class BudgetItemForm(forms.ModelForm):
    class Meta:
        model = BudgetItem
        fields = ["category", "description", "amount"]


class BaseBudgetItemFormSet(forms.BaseInlineFormSet):
    def plan_lines(self) -> list[dict]:
        """The cleaned lines for ``services.save_draft`` (blank extra rows left out)."""
        lines = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            lines.append(
                {
                    "id": data.get("id"),
                    "category": data.get("category"),
                    "description": data.get("description"),
                    "amount": data.get("amount"),
                    "DELETE": bool(data.get("DELETE")),
                }
            )
        return lines


BudgetItemFormSet = inlineformset_factory(
    Application,
    BudgetItem,
    form=BudgetItemForm,
    formset=BaseBudgetItemFormSet,
    extra=3,
    can_delete=True,
    max_num=40,
    validate_max=True,
)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF oder Bild (PNG, JPEG, WebP), höchstens 10 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("Die Datei ist größer als 10 MB."))
        head = upload.read(2048)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in ALLOWED_TYPES:
            raise forms.ValidationError(
                _(
                    "Diese Datei ist weder ein PDF noch ein Bild (PNG, JPEG, WebP). Wir prüfen "
                    "den Inhalt, nicht nur die Endung."
                )
            )
        self.content_type = kind.mime
        return upload


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConflictForm(forms.Form):
    """A reviewer declares a conflict of interest (Befangenheit), optionally with a reason."""

    note = forms.CharField(label=_("Begründung"), required=False, max_length=300)


class ProofForm(forms.Form):
    """Verwendungsnachweis: actual costs per planned line, narrative, people reached."""

    narrative = forms.CharField(
        label=_("Sachbericht"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Was ist passiert, was hat das Projekt erreicht?"),
    )
    people_reached = forms.IntegerField(
        label=_("Erreichte Personen"),
        min_value=0,
        max_value=MAX_PEOPLE_REACHED,
        required=False,
        error_messages={"max_value": _("Bitte gib höchstens 10.000.000 Personen an.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"line_{item.pk}"] = AmountField(
                label=_("Tatsächliche Kosten: %(line)s (geplant %(planned)s)")
                % {"line": item, "planned": euro(item.amount)},
            )

    def actual(self) -> dict[int, Decimal]:
        return {item.pk: self.cleaned_data[f"line_{item.pk}"] for item in self.items}


SCORE_CHOICES = [("", _("bitte wählen")), *((str(n), str(n)) for n in range(6))]


class ReviewForm(forms.Form):
    """One score 0–5 and a comment per criterion."""

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s – Punkte (0 bis 5, Gewicht %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                choices=SCORE_CHOICES,
                coerce=int,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Kommentar zu „%(name)s“") % {"name": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }
