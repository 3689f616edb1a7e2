"""The Python-rendered widgets produce exactly the markup of Django's widget templates."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from civicportal.core.widgets import (
    FastCheckboxInput,
    FastSelect,
    FastSelectMultiple,
    FastTextInput,
)

CHOICES = [
    ("", _("alle Kommunen")),
    ("chemnitz", "Chemnitz"),
    ("a&b", 'Kommune "A" & <B>'),
    ("safe", mark_safe("<em>sicher</em>")),
    (7, 7),
    (None, "ohne"),
]
GROUPED = [
    ("", "alle"),
    ("Sachsen", [("chemnitz", "Chemnitz"), ("leipzig", "Leipzig")]),
    ("NRW & mehr", [("dortmund", "Dortmund"), (None, "keine")]),
    ("", [("ohne-gruppe", "Ohne Gruppe")]),
]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize("value", [None, "", "chemnitz", "a&b", 7, "leipzig", ["chemnitz"]])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_kommune", "class": "kern-form-input__select", "required": True},
        {"id": "id_x", "disabled": False, "aria-describedby": 'a"b', "data-n": 3},
    ],
)
def test_select_matches_django_template(choices, value, attrs):
    fast = FastSelect(attrs={"title": "Kommune"}, choices=choices)
    django = forms.Select(attrs={"title": "Kommune"}, choices=choices)

    assert fast.render("kommune", value, attrs) == django.render("kommune", value, attrs)


@pytest.mark.parametrize(
    "value", [None, [], ["chemnitz", "leipzig"], ["dortmund"], ["None", "ohne-gruppe"]]
)
def test_select_multiple_matches_django_template(value):
    attrs = {"id": "id_kommunen", "class": "kern-form-input__select"}
    fast = FastSelectMultiple(choices=GROUPED)
    django = forms.SelectMultiple(choices=GROUPED)

    assert fast.render("kommunen", value, attrs) == django.render("kommunen", value, attrs)


def test_selected_option_is_marked():
    html = FastSelect(choices=CHOICES).render("kommune", "chemnitz")

    assert '<option value="chemnitz" selected>Chemnitz</option>' in html
    assert '<option value="a&amp;b">Kommune &quot;A&quot; &amp; &lt;B&gt;</option>' in html


@pytest.mark.parametrize("value", [None, "", "Nachbarschaft", 'a "b" <c>'])
@pytest.mark.parametrize("attrs", [None, {"id": "id_q", "class": "kern-form-input__input"}])
def test_text_input_matches_django_template(value, attrs):
    fast = FastTextInput(attrs={"type": "search"})
    django = forms.TextInput(attrs={"type": "search"})

    assert fast.render("q", value, attrs) == django.render("q", value, attrs)


@pytest.mark.parametrize("value", [None, False, True, "", "on"])
def test_checkbox_matches_django_template(value):
    attrs = {"id": "id_remote", "class": "kern-form-check__checkbox"}

    assert FastCheckboxInput().render("remote", value, attrs) == forms.CheckboxInput().render(
        "remote", value, attrs
    )


class DataOptionSelect(FastSelect):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-x"] = "1"
        return option


def test_subclass_with_own_options_keeps_them():
    html = DataOptionSelect(choices=CHOICES).render("kommune", "chemnitz")

    assert '<option value="chemnitz" selected data-x="1">Chemnitz</option>' in html


def test_changed_template_renders_through_the_template():
    widget = FastSelect(choices=[("a", "A")])
    widget.template_name = "django/forms/widgets/radio.html"
    widget.option_template_name = "django/forms/widgets/radio_option.html"

    html = widget.render("x", "a")

    assert "<select" not in html
    assert "<label><input" in html


# The fieldset loop of templates/forms/field.html before ``kern_choices`` took it over.
OLD_FIELDSET_LOOP = """{% for choice in field %}
      <div class="kern-form-check">
        <input class="kern-form-check__{% if choice.data.type == 'radio' %}radio{% else %}checkbox{% endif %}" type="{{ choice.data.type }}" name="{{ choice.data.name }}" value="{{ choice.data.value|stringformat:'s' }}" id="{{ choice.id_for_label }}"{% if choice.data.selected %} checked{% endif %}>
        <label class="kern-label" for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label>
      </div>
    {% endfor %}"""  # noqa: E501


class ChoicesForm(forms.Form):
    tage = forms.MultipleChoiceField(
        label="Tage",
        choices=[("1", "Montag"), ("2", 'Di & "Mi"'), (3, mark_safe("<b>Do</b>"))],
        widget=forms.CheckboxSelectMultiple,
    )
    art = forms.ChoiceField(
        label="Art", choices=[("a", _("alle Kommunen")), ("b", "B")], widget=forms.RadioSelect
    )


@pytest.mark.parametrize("data", [None, {"tage": ["2", "3"], "art": "b"}, {"tage": ["x"]}])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_fieldset_choices_match_the_template_loop(data, auto_id):
    from django.template import Context, Template

    from civicportal.templatetags.portal import kern_choices

    form = ChoicesForm(data, auto_id=auto_id)
    for name in ("tage", "art"):
        field = form[name]
        old = Template(OLD_FIELDSET_LOOP).render(Context({"field": field}))

        assert kern_choices(field) == old


def test_fieldset_renders_checked_boxes_with_labels():
    html = ChoicesForm({"tage": ["2"], "art": "a"}).as_div()

    assert (
        '<input class="kern-form-check__checkbox" type="checkbox" name="tage" value="2" '
        'id="id_tage_1" checked>' in html
    )
    assert '<label class="kern-label" for="id_tage_1">Di &amp; &quot;Mi&quot;</label>' in html
    assert 'class="kern-form-check__radio" type="radio" name="art" value="a" id="id_art_0"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en"])
def test_choice_label_is_the_display_value(chemnitz, language):
    from django.utils import translation

    from civicportal.templatetags.portal import choice_label
    from initiatives.models import Initiative
    from tests.factories import InitiativeFactory

    initiative = InitiativeFactory(municipality=chemnitz)
    with translation.override(language):
        for status, _label in Initiative.Status.choices:
            initiative.status = status
            assert choice_label(initiative, "status") == initiative.get_status_display()
        initiative.status = "unbekannt"
        assert choice_label(initiative, "status") == "unbekannt"
