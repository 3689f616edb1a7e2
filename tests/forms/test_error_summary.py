"""The error summary of every form rendered by the portal's form renderer
(templates/forms/error_summary.html): one entry per error, each field error a link to its
field (to the first choice of a radio group), and the page title prefixed „Fehler:“."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse


class _Form(forms.Form):
    name = forms.CharField(label="Name")
    colour = forms.ChoiceField(
        label="Farbe", choices=[("r", "Rot"), ("g", "Grün")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Das passt so nicht zusammen.")


def test_summary_lists_every_error_with_links_to_the_fields():
    html = str(_Form(data={}))

    summary = html[: html.index('<div class="kern-stack portal-form-fields">')]
    assert 'class="kern-alert kern-alert--danger portal-error-summary"' in summary
    assert 'tabindex="-1"' in summary
    assert "<li>Das passt so nicht zusammen.</li>" in summary
    assert '<a class="kern-link" href="#id_name">Name – ' in summary
    assert '<a class="kern-link" href="#id_colour_0">Farbe – ' in summary
    # a hidden field has nothing to link to: its error is listed as text
    assert summary.count("<li>") == 4
    assert 'id="id_colour_0"' in html


def test_summary_appears_for_field_errors_alone():
    class Plain(forms.Form):
        name = forms.CharField(label="Name")

    assert "portal-error-summary" in str(Plain(data={}))
    assert "portal-error-summary" not in str(Plain())
    assert "portal-error-summary" not in str(Plain(data={"name": "Rita"}))


@pytest.mark.django_db
def test_page_title_starts_with_fehler_when_the_form_has_errors(client):
    fine = client.get(reverse("accessibility")).content.decode()
    failed = client.post(reverse("accessibility"), {}).content.decode()

    assert "<title>Erklärung zur Barrierefreiheit – civicportal</title>" in fine
    assert "<title>Fehler: Erklärung zur Barrierefreiheit – civicportal</title>" in failed


def test_a_form_with_lines_has_one_summary_naming_each_line():
    """``{% page_error_summary %}``: the form's and every line's errors in one summary at the
    top, each line named by its number; the forms themselves repeat no summary."""
    from django.template import engines

    class Line(forms.Form):
        amount = forms.DecimalField(label="Betrag (€)", min_value=0)

    Lines = forms.formset_factory(Line, extra=0)
    form = _Form(data={"name": "Rita", "colour": "r", "token": "x"})
    lines = Lines(
        data={"l-TOTAL_FORMS": "2", "l-INITIAL_FORMS": "0", "l-0-amount": "1", "l-1-amount": "-5"},
        prefix="l",
    )
    template = engines["django"].from_string(
        '{% load portal %}{% page_error_summary form lines "Einnahmeposition" %}'
        "{{ form }}{% for line in lines %}{{ line }}{% endfor %}"
    )

    html = template.render({"form": form, "lines": lines})

    assert html.count("portal-error-summary") == 1
    summary = html[: html.index("</ul>")]
    assert "<li>Das passt so nicht zusammen.</li>" in summary
    assert '<a class="kern-link" href="#id_l-1-amount">Einnahmeposition 2: Betrag (€) – ' in summary
    assert "Einnahmeposition 1" not in summary
