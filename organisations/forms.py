"""Forms of the organisation pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import District, Organisation, OrganisationMembership


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "legal_form",
            "municipality",
            "district",
            "description",
            "website",
            "email",
            "phone",
            "address",
        ]
        # the organisation's own contact data, which the browser may fill in (WCAG 1.3.5)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.select_related("municipality")

    def clean(self):
        cleaned = super().clean()
        district = cleaned.get("district")
        municipality = cleaned.get("municipality")
        if district and municipality and district.municipality_id != municipality.pk:
            self.add_error("district", _("Dieser Stadtbezirk gehört nicht zur gewählten Kommune."))
        return cleaned


class OrganisationDetailsForm(OrganisationForm):
    """The administrators change their organisation's details (not its municipality: the
    agency of that municipality verifies it)."""

    class Meta(OrganisationForm.Meta):
        fields = [name for name in OrganisationForm.Meta.fields if name != "municipality"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(
            municipality_id=self.instance.municipality_id
        )


class InvitationForm(forms.Form):
    # someone else's address: the browser must not offer the user's own
    email = forms.EmailField(
        label=_("E-Mail-Adresse"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[
            (
                OrganisationMembership.Role.COORDINATOR,
                OrganisationMembership.Role.COORDINATOR.label,
            ),
            (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.ADMIN.label),
        ],
    )
