"""Template helpers of the portal: KERN UX classes for form widgets."""

from __future__ import annotations

from django import forms, template

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
    return bound_field.as_widget(attrs={"class": f"{css} {existing}".strip()})
