"""Template helpers of the back office's accessibility overrides (templates/admin/): names
for what Django's admin leaves unnamed (docs/accessibility.md, "The back office")."""

from __future__ import annotations

import re

from django import template
from django.contrib.admin.helpers import AdminField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def group_label_tag(field: AdminField) -> SafeString:
    """The label of a field made of several inputs (date and time), as Django's admin
    renders it, with the id its group (``admin/widgets/split_datetime.html``) is named by.
    Such a label has no ``for``: each input has its own label inside the group."""
    bound = field.field
    classes = []
    if bound.field.required:
        classes.append("required")
    if not field.is_first:
        classes.append("inline")
    attrs = {"id": f"{bound.auto_id}_label"}
    if classes:
        attrs["class"] = " ".join(classes)
    return bound.label_tag(attrs=attrs)


_ROW_HEADER = re.compile(r"^<th(?=[\s>])")


@register.filter
def row_header(cell: str) -> SafeString:
    """A cell of the change list: its first column is a <th> that heads its row; say so
    (``scope="row"``, WCAG 1.3.1: HTML_CodeSniffer H63, IBM table_headers_related)."""
    return mark_safe(_ROW_HEADER.sub('<th scope="row"', str(cell), count=1))


@register.simple_tag
def inline_field_name(label: str, row: int | None = None) -> str:
    """The name of a field in a tabular inline: the field and, if given, its row."""
    if row is None:
        return str(label)
    row_name = _("Zeile %(number)s") % {"number": row}
    return f"{label} ({row_name})"
