"""Template helpers of the portal: KERN UX classes for form widgets, choice labels."""

from __future__ import annotations

from functools import lru_cache

from django import forms, template
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.safestring import mark_safe

from civicportal.core.widgets import html_text, html_value

register = template.Library()

_CHECKBOX = (forms.CheckboxInput,)
_SELECT = (forms.Select, forms.SelectMultiple)


@register.filter
def is_checkbox(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, _CHECKBOX)


@register.filter
def is_select(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, _SELECT)


@register.filter
def kern_widget(bound_field: forms.BoundField) -> str:
    """Render the widget with the KERN UX class for its kind (and its error variant)."""
    widget = bound_field.field.widget
    if isinstance(widget, _CHECKBOX):
        css = "kern-form-check__checkbox"
    elif isinstance(widget, _SELECT):
        css = "kern-form-input__select"
    else:
        css = "kern-form-input__input"
    if bound_field.errors:
        css = f"{css} {css}--error"
    existing = widget.attrs.get("class", "")
    attrs = {"class": f"{css} {existing}".strip()}
    limit = text_limit(bound_field)
    if limit:
        # No maxlength on a textarea: the browser would cut pasted text silently. The
        # limit is shown below the box, counted while typing (static/js/charcount.js)
        # and enforced by the server, which keeps the text on refusal.
        attrs["maxlength"] = False
        attrs["data-maxlength"] = limit
        described = bound_field.aria_describedby or ""
        attrs["aria-describedby"] = f"{described} {bound_field.auto_id}_limit".strip()
    return bound_field.as_widget(attrs=attrs)


@register.filter
def error_anchor(bound_field: forms.BoundField) -> str:
    """The id the error summary links to: the field's input, or for a group of radio
    buttons or check boxes (which has no single input) its first choice."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    for choice in bound_field.subwidgets:
        if choice.id_for_label:
            return choice.id_for_label
    return bound_field.auto_id or ""


@register.filter
def text_limit(bound_field: forms.BoundField) -> int | None:
    """The most characters a textarea takes (its field's ``max_length``), else ``None``."""
    if isinstance(bound_field.field.widget, forms.Textarea):
        return getattr(bound_field.field, "max_length", None)
    return None


@register.filter
def kern_choices(bound_field: forms.BoundField) -> str:
    """The KERN check boxes or radio buttons of a fieldset (one per choice), written in
    Python: the template loop cost about 20 µs per choice."""
    parts = []
    for choice in bound_field:
        data = choice.data
        kind = "radio" if data["type"] == "radio" else "checkbox"
        id_ = html_text(choice.id_for_label)
        checked = " checked" if data["selected"] else ""
        label = html_text(choice.choice_label)
        parts.append(
            f'\n      <div class="kern-form-check">\n        <input class="kern-form-check__{kind}"'
            f' type="{html_text(data["type"])}" name="{html_text(data["name"])}"'
            f' value="{html_value(data["value"])}" id="{id_}"{checked}>\n'
            f'        <label class="kern-label" for="{id_}">{label}</label>\n'
            "      </div>\n    "
        )
    return mark_safe("".join(parts))


@lru_cache(maxsize=256)
def _labels(field) -> dict:
    return dict(make_hashable(field.flatchoices))


@register.filter
def choice_label(obj, field_name: str):
    """``obj.get_<field_name>_display()`` without rebuilding (and re-translating, to hash
    the lazy labels) the field's choice dictionary on every call: for card loops."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname)
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
