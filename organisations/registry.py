"""What the other parts show on an organisation's pages, registered explicitly.

The organisation pages sit below volunteering and funding in the layers
(pyproject.toml, [tool.importlinter]): they cannot import those apps. Each part registers
its sections and its participants in its ``AppConfig.ready()``; the pages render what is
registered, in ``order``. Registering the same ``key`` again replaces the entry (tests
and the autoreloader call ``ready()`` more than once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest

from civicportal.core.models import Organisation, OrganisationMembership


@dataclass(frozen=True)
class Section:
    """A block on an organisation page.

    ``context(request, organisation, membership)`` returns the template context;
    ``membership`` is ``None`` on the public page. ``template`` renders it (the request's
    context processors and CSRF token included).
    """

    key: str
    template: str
    context: Callable[[HttpRequest, Organisation, OrganisationMembership | None], dict]
    order: int = 100


@dataclass(frozen=True)
class Participant:
    """One row of the participants' export: a person taking part in an activity."""

    activity: str
    starts_at: datetime
    ends_at: datetime
    name: str
    email: str
    status: str


ParticipantSource = Callable[[Organisation], Iterable[Participant]]

_public: dict[str, Section] = {}
_members: dict[str, Section] = {}
_participants: dict[str, ParticipantSource] = {}


def register_public_section(section: Section) -> None:
    """Show ``section`` on the public page of a verified organisation."""
    _public[section.key] = section


def register_member_section(section: Section) -> None:
    """Show ``section`` in the members' area (the dashboard)."""
    _members[section.key] = section


def register_participants(key: str, source: ParticipantSource) -> None:
    """Add ``source``'s rows to the participants' CSV export (``source`` yields them in
    order, ideally from a database iterator: the export streams)."""
    _participants[key] = source


def public_sections() -> list[Section]:
    return sorted(_public.values(), key=lambda section: section.order)


def member_sections() -> list[Section]:
    return sorted(_members.values(), key=lambda section: section.order)


def participant_sources() -> list[ParticipantSource]:
    return [_participants[key] for key in sorted(_participants)]
