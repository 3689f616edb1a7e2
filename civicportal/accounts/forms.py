"""Forms of „Mein Konto“: the names at sign-up and on the profile page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import User, default_public_name

FULL_NAME_HELP = _(
    "Vor- und Nachname. Nicht öffentlich: Er steht auf Bescheinigungen und Bescheiden und ist "
    "für Organisationen sichtbar, bei denen du dich anmeldest."
)
PUBLIC_NAME_HELP = _(
    "So erscheinst du bei Ideen und Kommentaren, zum Beispiel „Anna K.“ oder ein Pseudonym. "
    "Lässt du das Feld leer, nehmen wir deinen Vornamen und den ersten Buchstaben deines "
    "Nachnamens."
)


class NamesMixin(forms.Form):
    """The two name fields; the public name defaults to „Vorname N.“ when left empty."""

    full_name = forms.CharField(
        label=_("Vollständiger Name"),
        max_length=User._meta.get_field("full_name").max_length,
        help_text=FULL_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte gib deinen vollständigen Namen an.")},
    )
    display_name = forms.CharField(
        label=_("Öffentlicher Name"),
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text=PUBLIC_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(
                _("Bitte gib deinen vollständigen Namen an."), code="required"
            )
        if "@" in name:
            raise forms.ValidationError(
                _("Bitte gib deinen Namen an, nicht deine E-Mail-Adresse."), code="email"
            )
        return name

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if "@" in name:
            raise forms.ValidationError(
                _("Der öffentliche Name darf keine E-Mail-Adresse sein – sie bleibt privat."),
                code="email",
            )
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("full_name") and not cleaned.get("display_name"):
            max_length = User._meta.get_field("display_name").max_length
            cleaned["display_name"] = default_public_name(cleaned["full_name"])[:max_length]
        return cleaned


class SignupNamesForm(NamesMixin):
    """allauth's sign-up form is built on this class (``ACCOUNT_SIGNUP_FORM_CLASS``):
    it adds the names in front of e-mail and password."""

    def signup(self, request, user) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["full_name", "display_name"])


class ProfileForm(NamesMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "display_name"]
