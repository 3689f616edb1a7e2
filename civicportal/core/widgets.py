"""Form widgets that render their HTML in Python.

Django renders every widget through templates: a ``<select>`` with 50 options is one
template for the select plus one ``{% include %}`` of ``select_option.html`` and one of
``attrs.html`` per option — a few milliseconds per select, the larger part of the Python
time of the list pages with their filter forms. These widgets produce the same bytes as
Django's templates (``django/forms/widgets/select.html``, ``select_option.html``,
``input.html``, ``attrs.html``; the renderer strips the result) with a single join;
``tests/civicportal/test_widgets.py`` compares both renderings. A widget whose
``template_name`` was changed renders through its template as before.
"""

from __future__ import annotations

import html

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

__all__ = ["FastCheckboxInput", "FastSelect", "FastSelectMultiple", "FastTextInput"]


def html_text(value) -> str:
    """``{{ value }}`` in a template: localised, escaped unless marked safe."""
    if type(value) is str:  # the common case, without Django's lazy-aware wrappers
        return html.escape(value)
    if not isinstance(value, str):
        value = localize(value)
    return conditional_escape(value)


def html_value(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s`` formatting, escaped unless safe."""
    text = str(value)  # what "%s" % value gives (a tuple is turned into str first)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {html_text(name)}")
        else:
            parts.append(f' {html_text(name)}="{html_value(value)}"')
    return "".join(parts)


class FastSelectMixin:
    """``<select>`` rendered in Python (same markup as Django's select templates)."""

    def render(self, name, value, attrs=None, renderer=None):
        if (
            self.template_name != forms.Select.template_name
            or self.option_template_name != forms.Select.option_template_name
        ):
            return super().render(name, value, attrs, renderer)
        if _plain_options(type(self)):
            return self._render_fast(name, value, attrs)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{html_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{html_text(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{html_value(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{html_text(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))

    def _render_fast(self, name, value, attrs):
        """What ``get_context`` + ``optgroups`` + ``create_option`` + the templates give
        for ``Select``/``SelectMultiple`` (options inherit no attributes), without
        building a dictionary per option."""
        select_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            select_attrs["multiple"] = True
        values = self.format_value(value)
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = [f'<select name="{html_text(name)}"{_attrs(select_attrs)}>']
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            group = option_label if grouped else ((option_value, option_label),)
            if grouped and option_value:
                parts.append(f'\n  <optgroup label="{html_text(option_value)}">')
            for subvalue, sublabel in group:
                selected = (not has_selected or multiple) and str(subvalue) in values
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{html_value(subvalue)}"'
                    f"{' selected' if selected else ''}>{html_text(sublabel)}</option>\n"
                )
            if grouped and option_value:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def _plain_options(cls) -> bool:
    """The widget class builds its options as ``forms.Select`` does."""
    return (
        cls.get_context is forms.Select.get_context
        and cls.optgroups is forms.Select.optgroups
        and cls.create_option is forms.Select.create_option
        and cls.option_inherits_attrs is False
        and cls.checked_attribute == {"selected": True}
    )


class FastSelect(FastSelectMixin, forms.Select):
    pass


class FastSelectMultiple(FastSelectMixin, forms.SelectMultiple):
    pass


class FastInputMixin:
    """``<input>`` rendered in Python (``django/forms/widgets/input.html``)."""

    # Templates that only include input.html (the renderer strips the final newline).
    _fast_templates = frozenset(
        {
            "django/forms/widgets/input.html",
            "django/forms/widgets/text.html",
            "django/forms/widgets/checkbox.html",
        }
    )

    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name not in self._fast_templates:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        value_attr = "" if shown is None else f' value="{html_value(shown)}"'
        return mark_safe(
            f'<input type="{html_text(widget["type"])}" name="{html_text(widget["name"])}"'
            f"{value_attr}{_attrs(widget['attrs'])}>"
        )


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastCheckboxInput(FastInputMixin, forms.CheckboxInput):
    pass
