"""Formatting of the funding part's amounts for letters, e-mails, messages and the admin.

A module of its own so that services, e-mails, letters and the admin share it without
importing each other (services → tasks → emails must not lead back to services).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def euro(amount: Decimal | int) -> str:
    """1234.5 → "1.234,50 €" in German (always two decimal places, grouped thousands)."""
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} €"
