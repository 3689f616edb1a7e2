"""The Python-rendered widgets produce exactly the markup of Django's widget templates."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from civicportal.widgets import FastCheckboxInput, FastSelect, FastSelectMultiple, FastTextInput

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
