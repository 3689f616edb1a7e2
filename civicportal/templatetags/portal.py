"""Template helpers of the portal: KERN UX classes for form widgets, choice labels."""

from __future__ import annotations

from functools import lru_cache

from django import forms, template
from django.template.loader import render_to_string
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
def error_entries(form) -> list[tuple[str, str]]:
    """The entries of ``form``'s error summary: (anchor, text) per error, non-field errors
    first with no anchor, then each field's errors as „Label – error“ linked to the field (a
    hidden field has nothing to link to). A list of entries is passed through unchanged."""
    if isinstance(form, list):
        return form
    if not isinstance(form, forms.BaseForm) or not form.errors:
        return []
    entries = [("", force_str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            text = f"{field.label} – {error}"
            entries.append(("" if field.is_hidden else error_anchor(field), text))
    return entries


@register.simple_tag
def page_error_summary(form, *sections):
    """One error summary at the top of a form that has lines (formsets): ``form``'s errors,
    then per section (a formset and the word for its lines, such as „Kostenposition“) the
    formset's own errors and each line's, named „Kostenposition 2: …“. The forms it covers
    show no summary of their own (``summary_elsewhere``), so every error is listed once.

    ``{% page_error_summary form formset _("Kostenposition") %}``"""
    form.summary_elsewhere = True
    entries = error_entries(form)
    for formset, label in zip(sections[::2], sections[1::2], strict=True):
        entries += [("", force_str(error)) for error in formset.non_form_errors()]
        for number, line in enumerate(formset.forms, start=1):
            line.summary_elsewhere = True
            name = f"{force_str(label)} {number}"
            entries += [
                (anchor, f"{name}: {text}" if anchor else text)
                for anchor, text in error_entries(line)
            ]
    return render_to_string("forms/error_summary.html", {"entries": entries, "form": None})


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
