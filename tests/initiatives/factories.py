"""Factories of the initiatives part."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from initiatives.models import Event, Follow, Idea, Phase, Support, Update
from tests.factories import InitiativeFactory, MunicipalityFactory, UserFactory

__all__ = [
    "EventFactory",
    "FollowFactory",
    "IdeaFactory",
    "InitiativeFactory",
    "PhaseFactory",
    "SupportFactory",
    "UpdateFactory",
]


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Phase {n}")
    is_participation = True
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    initiative = factory.SubFactory(InitiativeFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idee {n}")
    body = "Mehr Bäume an der Straße."


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class UpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Update

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    body = "Es gibt **Neues**."
    is_published = True
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Termin {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Rathaus"
    is_published = True


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)
