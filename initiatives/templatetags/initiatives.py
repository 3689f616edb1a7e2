"""Template helpers of the initiatives part."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from initiatives.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.filter
def euro(amount: Decimal | int | None) -> str:
    """50000 → "50.000 €" (German grouping, no cents when whole)."""
    if amount is None:
        return ""
    value = Decimal(amount)
    places = 0 if value == value.to_integral_value() else 2
    return f"{number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)} €"
