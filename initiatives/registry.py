"""What the other parts show on an initiative's page, registered explicitly.

Volunteering and funding sit above initiatives in the layers (pyproject.toml,
[tool.importlinter]), so this app cannot import them. Each registers, in its
``AppConfig.ready()``, a ``RelatedList``: a heading and a function returning the public
records that point at an initiative (its volunteer opportunities, its funded projects).
Registering the same ``key`` again replaces the entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise

from initiatives.models import Initiative

SHOWN = 6


@dataclass(frozen=True)
class RelatedList:
    """A block on the initiative page.

    ``records(initiative, limit)`` returns at most ``limit`` public records, each with
    ``title`` and ``organisation`` (may be ``None``); with ``linked`` each also has
    ``get_absolute_url()``. ``more_url`` (a callable, resolved when rendered) links to
    the full list.
    """

    key: str
    title: str | Promise
    records: Callable[[Initiative, int], Sequence]
    linked: bool = True
    more_url: Callable[[], str] | None = None
    more_label: str | Promise = ""
    order: int = 100


@dataclass(frozen=True)
class RelatedBlock:
    """A ``RelatedList`` filled for one initiative (what the template renders)."""

    key: str
    title: str | Promise
    items: list
    linked: bool
    more_url: str | None
    more_label: str | Promise


_related: dict[str, RelatedList] = {}


def register_related(related: RelatedList) -> None:
    _related[related.key] = related


def related_lists() -> list[RelatedList]:
    return sorted(_related.values(), key=lambda related: (related.order, related.key))


def related_for(initiative: Initiative) -> list[RelatedBlock]:
    """The registered blocks that have records for ``initiative``, in order."""
    blocks = []
    for related in related_lists():
        items = list(related.records(initiative, SHOWN))
        if not items:
            continue
        blocks.append(
            RelatedBlock(
                key=related.key,
                title=related.title,
                items=items,
                linked=related.linked,
                more_url=related.more_url() if related.more_url else None,
                more_label=related.more_label,
            )
        )
    return blocks
