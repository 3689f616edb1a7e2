"""Forms of the funding part: every input goes through one of these."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import PurePosixPath

import filetype
from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from civicportal.core.inputs import AmountField
from civicportal.core.models import District, Organisation
from funding.formatting import euro
from funding.models import (
    MAX_PEOPLE_REACHED,
    Application,
    BudgetItem,
    Call,
    Criterion,
    Decision,
    FinancingType,
    IncomeLine,
)
from funding.services import DRAFT_FIELDS
from initiatives.models import Initiative

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Detected type → the extension a stored and offered file gets.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
}
# The extensions a name may end in for each detected type (anything else is refused).
NAME_EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/webp": {".webp"},
}
_UNSAFE_NAME = re.compile(r"[^\w .,()+&-]+")


def safe_stem(name: str) -> str:
    """The uploaded name's stem without directory parts, control and format characters
    (bidi overrides such as U+202E that display „rechnungexe.pdf“ for „rechnung‮fdp.exe“)
    and characters file systems or headers choke on; at most 120 characters."""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf"})
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", stem)).strip(" ._")
    return stem[:120] or "Anlage"


def name_extension(name: str) -> str:
    clean = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf"})
    suffix = PurePosixPath(clean.replace("\\", "/")).suffix
    return suffix.lower()


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


NO_NEGATIVE_INCOME = _(
    "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den beantragten "
    "Betrag, nie erhöhen sie ihn."
)


class IncomeLineForm(forms.ModelForm):
    """One income line; the funder and its status only for „Mittel anderer Förderer“."""

    class Meta:
        model = IncomeLine
        fields = ["kind", "description", "funder", "funder_status", "amount"]
        labels = {"funder_status": _("Stand (bei anderen Förderern)")}
        help_texts = {
            "kind": _("Eigenleistung: unbezahlte Arbeit, bewertet (Stunden × Stundensatz)."),
            "funder": _("Nur bei Mitteln anderer Förderer, zum Beispiel „Stiftung Bürgersinn“."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Zero and negative income alike: one sentence that says why.
        self.fields["amount"].error_messages["min_value"] = NO_NEGATIVE_INCOME
        self.fields["funder_status"].choices = [
            ("", _("– bitte wählen –")),
            *IncomeLine.FunderStatus.choices,
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("kind") == IncomeLine.Kind.FUNDER:
            if not (cleaned.get("funder") or "").strip():
                self.add_error("funder", _("Bitte nenne den anderen Förderer."))
            if not cleaned.get("funder_status"):
                self.add_error(
                    "funder_status", _("Ist die andere Förderung beantragt oder bewilligt?")
                )
        elif cleaned.get("kind"):
            cleaned["funder"], cleaned["funder_status"] = "", ""
        return cleaned


class BaseIncomeLineFormSet(forms.BaseInlineFormSet):
    def income_lines(self) -> list[dict]:
        """The cleaned income lines for ``services.save_draft`` (blank rows left out)."""
        return [
            {
                "id": data.get("id"),
                "kind": data.get("kind"),
                "description": data.get("description") or "",
                "amount": data.get("amount"),
                "funder": data.get("funder") or "",
                "funder_status": data.get("funder_status") or "",
                "DELETE": bool(data.get("DELETE")),
            }
            for data in (form.cleaned_data for form in self.forms)
            if data
        ]


IncomeLineFormSet = inlineformset_factory(
    Application,
    IncomeLine,
    form=IncomeLineForm,
    formset=BaseIncomeLineFormSet,
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
        extension = name_extension(upload.name)
        if extension not in NAME_EXTENSIONS[kind.mime]:
            raise forms.ValidationError(
                _(
                    "Der Dateiname „%(name)s“ endet nicht auf %(expected)s, der Inhalt ist aber "
                    "%(kind)s. Bitte benenne die Datei passend um (z. B. „Finanzplan%(expected)s“)."
                )
                % {
                    "name": safe_stem(upload.name) + (extension or ""),
                    "expected": ALLOWED_TYPES[kind.mime],
                    "kind": ALLOWED_TYPES[kind.mime].lstrip(".").upper(),
                }
            )
        self.content_type = kind.mime
        self.safe_name = safe_stem(upload.name) + ALLOWED_TYPES[kind.mime]
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
    """Verwendungsnachweis: actual costs per planned cost line, actual income per planned
    income line and unplanned income, narrative, people reached."""

    narrative = forms.CharField(
        label=_("Sachbericht"),
        max_length=20_000,
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

    unplanned_income = AmountField(
        label=_("Weitere Einnahmen, die nicht im Finanzierungsplan standen (€)"),
        required=False,
        help_text=_(
            "Zum Beispiel eine zusätzliche Spende oder eine weitere Förderung. Auch sie "
            "verringern den Fehlbetrag."
        ),
    )
    declaration = forms.BooleanField(
        label=_(
            "Ich bestätige: Die Ausgaben waren notwendig, es wurde wirtschaftlich und sparsam "
            "verfahren, und die Angaben stimmen mit den Büchern und Belegen überein."
        ),
        required=False,
    )

    def __init__(self, *args, items, income_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.income_lines = list(income_lines)
        fields = {}
        for item in self.items:
            fields[f"line_{item.pk}"] = AmountField(
                label=_("Tatsächliche Kosten: %(line)s (geplant %(planned)s)")
                % {"line": item, "planned": euro(item.amount)},
            )
        for line in self.income_lines:
            fields[f"income_{line.pk}"] = AmountField(
                label=_("Tatsächliche Einnahme: %(line)s (geplant %(planned)s)")
                % {"line": line, "planned": euro(line.amount)},
                help_text=_("0, wenn die Einnahme ausgeblieben ist."),
            )
        # The report, then costs and income line by line, then the declaration.
        base = self.fields
        self.fields = {
            "narrative": base["narrative"],
            "people_reached": base["people_reached"],
            **fields,
            "unplanned_income": base["unplanned_income"],
            "declaration": base["declaration"],
        }

    def actual(self) -> dict[int, Decimal]:
        return {item.pk: self.cleaned_data[f"line_{item.pk}"] for item in self.items}

    def actual_income(self) -> dict[int, Decimal]:
        return {line.pk: self.cleaned_data[f"income_{line.pk}"] for line in self.income_lines}


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


# --- the officer's case page ------------------------------------------------------------------


class StepForm(forms.Form):
    """Confirmation of one step on the case page: a message to the applicant and, for
    some steps, an amount."""

    note = forms.CharField(
        label=_("Nachricht an die Antragstellenden"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steht im Verlauf des Antrags und in der E-Mail an die Antragstellenden."),
    )
    amount = AmountField(label=_("Betrag (€)"), required=False, min_value=Decimal("0.01"))

    def __init__(self, *args, amount: bool = False, amount_help: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if amount:
            self.fields["amount"].help_text = amount_help
        else:
            del self.fields["amount"]


class InternalNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Interne Notiz"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        # Both forms stand on the case page with a field named ``text``: own ids.
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Nachricht an die Antragstellenden"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Erscheint im Verlauf des Antrags und geht per E-Mail an die Organisation."),
    )

    def __init__(self, *args, **kwargs) -> None:
        # Both forms stand on the case page with a field named ``text``: own ids.
        kwargs.setdefault("auto_id", "message-%s")
        super().__init__(*args, **kwargs)


class ReviewerSearchForm(forms.Form):
    gutachter = forms.CharField(
        label=_("Gutachter:in suchen (Name oder E-Mail)"), max_length=120, required=False
    )


class DecisionForm(forms.ModelForm):
    """The officer composes the Bescheid from the programme's template."""

    class Meta:
        model = Decision
        fields = [
            "purpose",
            "financing_type",
            "share_percent",
            "period_start",
            "period_end",
            "conditions",
            "proof_due",
            "legal_basis",
            "signer_name",
            "signer_role",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 5}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "proof_due": DateInput(),
        }

    def __init__(self, *args, amendment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legal_basis", "signer_name", "signer_role"):
            self.fields[name].required = True
        if amendment:
            self.fields["amount"] = AmountField(
                label=_("Zuwendung nach der Änderung (€)"),
                min_value=Decimal("0.01"),
                initial=self.instance.amount,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("financing_type") == FinancingType.SHARE and not cleaned.get(
            "share_percent"
        ):
            self.add_error(
                "share_percent", _("Bei einer Anteilfinanzierung geben Sie bitte den Anteil an.")
            )
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Das Ende liegt vor dem Beginn."))
        return cleaned

    def decision_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PaymentRequestForm(forms.Form):
    amount = AmountField(label=_("Betrag (€)"), min_value=Decimal("0.01"))
    note = forms.CharField(
        label=_("Wofür wird das Geld gebraucht?"), max_length=300, required=False
    )


class ReceiptForm(forms.Form):
    """One line of the Belegliste."""

    date = forms.DateField(label=_("Datum"), widget=DateInput())
    payee = forms.CharField(label=_("Empfänger:in"), max_length=160)
    purpose = forms.CharField(label=_("Zweck"), max_length=200)
    amount = AmountField(label=_("Betrag (€)"), min_value=Decimal("0.01"))
    budget_item = forms.ModelChoiceField(
        label=_("Kostenposition"), queryset=BudgetItem.objects.none()
    )

    def __init__(self, *args, items, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_item"].queryset = items
        if choices is not None:  # the plan lines already read: no query to render them
            self.fields["budget_item"].widget.choices = [
                ("", "---------"),
                *((item.pk, str(item)) for item in choices),
            ]


class AmendmentForm(forms.ModelForm):
    """An audited correction of a submitted application by the officer."""

    reason = forms.CharField(
        label=_("Grund der Änderung"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Steht mit der Änderung im Verlauf und geht an die Antragstellenden."),
    )

    class Meta:
        model = Application
        fields = [
            "title",
            "summary",
            "description",
            "goals",
            "target_groups",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "target_groups": forms.Textarea(attrs={"rows": 3}),
        }

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
