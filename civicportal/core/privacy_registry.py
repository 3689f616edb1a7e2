"""The parts of the portal that hold personal data, registered explicitly.

Each part with personal data registers a ``PrivacyPart`` in its ``AppConfig.ready()``:
``export(user) -> dict`` for the download at /konto/daten/ and ``erase(user)`` for the
account deletion (civicportal/account_data.py). Erasure runs in ``order``, lowest first:
the apps anonymise authored public content, keep statistics and reduce funding records
before the core (``CORE_ORDER``, last) deletes the account or keeps an empty shell.
Registering the same ``name`` again replaces the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CORE_ORDER = 1000


@dataclass(frozen=True)
class PrivacyPart:
    name: str
    export: Callable[[Any], dict]
    erase: Callable[[Any], None]
    order: int


_parts: dict[str, PrivacyPart] = {}


def register(part: PrivacyPart) -> None:
    _parts[part.name] = part


def parts() -> list[PrivacyPart]:
    """The registered parts in erasure order (the core last)."""
    return sorted(_parts.values(), key=lambda part: (part.order, part.name))
