"""The input contract of every form, portal and admin (issue 13).

One place for what every form field shares:

* **Control characters.** A single-line field (anything but a ``<textarea>``) refuses
  control characters — a CR/LF in a title breaks calendar files and mail headers; a
  textarea allows line breaks and tabs but no other control character. The check sits
  in ``forms.CharField.to_python`` (installed once by ``CoreConfig.ready``), so every
  ``CharField`` of every form — the portal's, the admin's, allauth's — refuses them
  with an error at the field, without each form having to remember it.
* **Numbers the German way.** ``DecimalInputField`` parses „1.234,56“, „1234,56“ and
  „1234.56“ (and the English forms in the English interface), refuses what is
  ambiguous or not a number (``1e309``, ``NaN``), and states its bounds with German
  decimals. ``AmountField`` is the form field of every amount; ``MoneyField`` is the
  model field whose form field (ModelForms, the admin) is an ``AmountField``.
* **Constraint violations as sentences at the field.** ``FieldCheckConstraint`` is a
  ``CheckConstraint`` with a German ``violation_error_message`` that model validation
  attaches to one field; ``constraint_error`` turns an ``IntegrityError`` of a named
  constraint into the same ``ValidationError``, so a service that saves without model
  validation still reports the sentence, not the constraint's name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.apps import apps
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# --- control characters ------------------------------------------------------------------------

# C0 and C1 controls, DEL and the Unicode line/paragraph separators.
SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a textarea, line breaks (CR, LF) and tabs are text.
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CONTROL_CHARACTERS_MESSAGE = _(
    "Dieses Feld darf keine Steuerzeichen wie Zeilenumbrüche enthalten. Bitte schreibe es "
    "in eine Zeile."
)
CONTROL_CHARACTERS_MULTILINE_MESSAGE = _(
    "Der Text enthält unsichtbare Steuerzeichen. Bitte entferne sie (zum Beispiel, indem "
    "du den Text neu eintippst)."
)


def is_multiline(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.Textarea)


def refuse_control_characters(value: str, *, multiline: bool) -> None:
    """Raise a ``ValidationError`` (code ``control_characters``) for control characters."""
    if multiline:
        if MULTI_LINE_FORBIDDEN.search(value):
            raise ValidationError(CONTROL_CHARACTERS_MULTILINE_MESSAGE, code="control_characters")
    elif SINGLE_LINE_FORBIDDEN.search(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


_original_char_to_python = forms.CharField.to_python


def _char_to_python(self: forms.CharField, value):
    value = _original_char_to_python(self, value)
    if isinstance(value, str) and value:
        multiline = is_multiline(self.widget)
        if multiline:
            # Browsers send a textarea's line breaks as CRLF but count them as one
            # character; so does the limit here (and the text is stored with LF).
            value = value.replace("\r\n", "\n")
        refuse_control_characters(value, multiline=multiline)
    return value


def install() -> None:
    """Make every ``forms.CharField`` refuse control characters (idempotent)."""
    forms.CharField.to_python = _char_to_python


# --- numbers the German way ------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"(€|EUR)", re.IGNORECASE)


def _separators() -> tuple[str, str]:
    """(decimal separator, thousands separator) of the active language."""
    decimal = formats.get_format("DECIMAL_SEPARATOR", get_language(), use_l10n=True)
    group = formats.get_format("THOUSAND_SEPARATOR", get_language(), use_l10n=True)
    return decimal, group if group in {".", ","} else ("." if decimal == "," else ",")


def parse_decimal(text: str) -> Decimal | None:
    """„1.234,56“ → Decimal("1234.56") in German; ``None`` if the text is no number or
    ambiguous.

    Accepted: the active language's format, with or without thousands separators in
    their places („1.234.567,89“, „1234567,89“); a single separator of the other kind
    followed by anything but exactly three digits („1234.56“, „80.5“ in German,
    „80,5“ in English), which cannot be a thousands separator. Anything else — two
    decimal separators, misplaced groups, exponents, ``NaN``, ``Infinity`` — is refused.
    """
    text = _CURRENCY.sub("", _SPACES.sub("", text or ""))
    if not text:
        return None
    decimal_sep, group_sep = _separators()
    d, g = re.escape(decimal_sep), re.escape(group_sep)
    native = re.fullmatch(rf"([+-]?)([1-9]\d{{0,2}}(?:{g}\d{{3}})+|\d+)(?:{d}(\d+))?", text)
    if native:
        sign, whole, fraction = native.groups()
        number = sign + whole.replace(group_sep, "") + (f".{fraction}" if fraction else "")
    else:
        other = re.fullmatch(rf"([+-]?)(\d+){g}(\d+)", text)
        if not other or len(other.group(3)) == 3:
            return None
        sign, whole, fraction = other.groups()
        number = f"{sign}{whole}.{fraction}"
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits
        return None
    return value


def format_decimal(value, decimal_places: int | None = None) -> str:
    """A number in the active language's format, thousands grouped („1.234,56“)."""
    return formats.number_format(
        value, decimal_pos=decimal_places, use_l10n=True, force_grouping=True
    )


class DecimalInput(forms.TextInput):
    """A text input for numbers: ``inputmode=decimal`` brings up the phone's number
    keyboard with the decimal comma, and no browser number parsing gets in between."""

    def __init__(self, attrs=None, decimal_places: int | None = 2):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.decimal_places = decimal_places

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return format_decimal(value, self.decimal_places)
        return super().format_value(value)


class DecimalInputField(forms.DecimalField):
    """A decimal number entered the way the interface's language writes it.

    Bounds are stated with the language's decimals („mindestens 0,25“)."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Bitte gib eine Zahl ein, zum Beispiel „%(example)s“."),
        "min_value": _("Bitte gib mindestens %(limit)s ein."),
        "max_value": _("Bitte gib höchstens %(limit)s ein."),
        "max_decimal_places": _("Bitte gib höchstens %(max)s Nachkommastellen ein."),
        "negative": _("Bitte gib keinen negativen Betrag ein."),
    }
    example = Decimal("12.5")
    unit = ""

    def __init__(self, *, min_value=None, max_value=None, max_digits=None, decimal_places=2, **kw):
        self.lower, self.upper = min_value, max_value
        kw.setdefault("localize", False)
        widget = kw.pop("widget", None) or DecimalInput(decimal_places=decimal_places)
        if isinstance(widget, type):
            widget = widget(decimal_places=decimal_places)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, widget=widget, **kw)
        if self.upper is None and max_digits is not None and decimal_places is not None:
            # The largest value the column holds.
            self.upper = Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** (
                -decimal_places
            )
        # The bounds in validate() replace Django's validators, whose messages print
        # "0.25" and "12 digits in total".
        self.validators = [
            v
            for v in self.validators
            if not isinstance(
                v,
                validators.DecimalValidator
                | validators.MinValueValidator
                | validators.MaxValueValidator,
            )
        ]

    def _shown(self, value: Decimal) -> str:
        shown = format_decimal(value, self.decimal_places)
        return f"{shown} {self.unit}" if self.unit else shown

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        parsed = parse_decimal(str(value))
        if parsed is None or not parsed.is_finite():
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": self._shown(self.example)},
            )
        return parsed

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if self.lower is not None and value < self.lower:
            if self.lower == 0 and self.unit:
                raise ValidationError(self.error_messages["negative"], code="min_value")
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": self._shown(self.lower)},
            )
        if self.upper is not None and value > self.upper:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": self._shown(self.upper)},
            )
        if self.decimal_places is not None:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > self.decimal_places:
                raise ValidationError(
                    self.error_messages["max_decimal_places"],
                    code="max_decimal_places",
                    params={"max": self.decimal_places},
                )


# The largest amount a form accepts: well inside NUMERIC(12, 2), so no amount a form
# accepts can overflow a column (a municipal budget line of a billion euros is enough).
MAX_AMOUNT = Decimal("999999999.99")


class AmountField(DecimalInputField):
    """An amount in euros: „1.234,56“, never negative unless ``min_value`` says so."""

    example = Decimal("1234.56")
    unit = "€"

    def __init__(self, *, min_value=Decimal("0"), max_value=MAX_AMOUNT, **kwargs):
        kwargs["decimal_places"] = 2
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


class MoneyField(models.DecimalField):
    """An amount in euros in the database (NUMERIC(12, 2)) whose form field is an
    ``AmountField``. Migrations see a plain ``DecimalField`` (the column is the same)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        # The model's own lower bound (e.g. at least 0,01 €), stated the German way.
        lower = Decimal("0")
        for validator in self.validators:
            if isinstance(validator, validators.MinValueValidator):
                lower = max(lower, Decimal(str(validator.limit_value)))
        return super().formfield(**{"form_class": AmountField, "min_value": lower, **kwargs})


class DecimalNumberField(models.DecimalField):
    """A decimal number (hours, percentages) whose form field is a
    ``DecimalInputField``; a plain ``DecimalField`` to migrations."""

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    def formfield(self, **kwargs):
        bounds = {}
        for validator in self.validators:
            if isinstance(validator, validators.MinValueValidator):
                bounds["min_value"] = Decimal(str(validator.limit_value))
            elif isinstance(validator, validators.MaxValueValidator):
                bounds["max_value"] = Decimal(str(validator.limit_value))
        return super().formfield(**{"form_class": DecimalInputField, **bounds, **kwargs})


# --- constraint violations ---------------------------------------------------------------------


class FieldCheckConstraint(models.CheckConstraint):
    """A ``CheckConstraint`` whose violation reads as a sentence at ``field``.

    Model validation (ModelForms, the admin) reports ``violation_error_message`` at
    ``field``; ``constraint_error`` does the same for an ``IntegrityError``. In
    migrations it is a plain ``CheckConstraint`` with the same message."""

    def __init__(self, *, field: str, **kwargs):
        kwargs.setdefault("violation_error_code", "constraint")
        super().__init__(**kwargs)
        self.field = field

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs

    def clone(self):
        _path, args, kwargs = self.deconstruct()
        return self.__class__(*args, field=self.field, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            if exclude and self.field in exclude:
                raise
            raise ValidationError({self.field: error.error_list}) from None

    def error(self) -> ValidationError:
        return ValidationError(
            {self.field: ValidationError(self.get_violation_error_message(), code="constraint")}
        )


def _constraints_by_name() -> dict[str, FieldCheckConstraint]:
    return {
        constraint.name: constraint
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, FieldCheckConstraint)
    }


def constraint_error(error: IntegrityError) -> ValidationError | None:
    """The ``ValidationError`` (a sentence at its field) of the constraint an
    ``IntegrityError`` names, or ``None`` if it names none of ours."""
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    constraint = _constraints_by_name().get(name or "")
    return constraint.error() if constraint else None
