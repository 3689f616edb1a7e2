"""The form renderer (every Django form renders with KERN UX markup, templates/forms/)
and the forms of the portal's top."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Municipality


class PortalFormRenderer(TemplatesSetting):
    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


# --- BITV 2.0 feedback -------------------------------------------------------------------------


class BarrierReportForm(forms.Form):
    """The feedback form of the accessibility statement (Barriere melden)."""

    municipality = forms.ModelChoiceField(
        label=_("Welche Kommune betrifft es?"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("Das Portal allgemein"),
        help_text=_("Deine Meldung geht an die zuständige Stelle dieser Kommune."),
    )
    page_url = forms.CharField(
        label=_("Auf welcher Seite?"),
        max_length=500,
        required=False,
        help_text=_("Die Adresse oder der Titel der Seite, zum Beispiel „Suche“."),
    )
    description = forms.CharField(
        label=_("Was funktioniert nicht?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Beschreibe die Barriere so genau wie möglich."),
    )
    name = forms.CharField(
        label=_("Dein Name"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Deine E-Mail-Adresse"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nur nötig, wenn du eine Antwort möchtest."),
    )


# --- search and the municipality switch --------------------------------------------------------


class SearchForm(forms.Form):
    """The search page's form (the header field sends only ``q``).

    ``municipalities`` are the choices of ``kommune``, read once by the view (no query
    of the form's own); ``cleaned_data["kommune"]`` is the chosen one or ``None``.
    """

    q = forms.CharField(
        label=_("Suchbegriff"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kommune = forms.ChoiceField(label=_("Kommune"), required=False)
    art = forms.ChoiceField(label=_("Art"), required=False)
    seite = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, kinds, municipalities: list[Municipality], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.municipalities = {m.slug: m for m in municipalities}
        self.fields["kommune"].choices = [
            ("", _("alle Kommunen")),
            *((m.slug, m.name) for m in municipalities),
        ]
        self.fields["art"].choices = [("", _("alles")), *((k.key, k.label) for k in kinds)]

    def clean_kommune(self) -> Municipality | None:
        return self.municipalities.get(self.cleaned_data["kommune"])
