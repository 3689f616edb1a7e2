"""factory_boy factories for the volunteering models."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from tests.factories import MunicipalityFactory, OrganisationFactory
from volunteering.models import ConsultationSlot, Opportunity, Shift, Skill, VolunteerProfile
from volunteering.services import refresh_opportunity


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Fähigkeit {n}")
    slug = factory.Sequence(lambda n: f"faehigkeit-{n}")


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)
    title = factory.Sequence(lambda n: f"Angebot {n}")
    slug = factory.Sequence(lambda n: f"angebot-{n}")
    summary = "Hilf mit bei einer guten Sache."
    is_published = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)

    @factory.post_generation
    def refresh(obj, create, extracted, **kwargs):
        if create:
            refresh_opportunity(opportunity_id=obj.pk)
            obj.refresh_from_db()


def in_days(days: float, hour: int = 10) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    opportunity = factory.SubFactory(OpportunityFactory)
    starts_at = factory.LazyFunction(lambda: in_days(3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = 10

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        shift = super()._create(model_class, *args, **kwargs)
        refresh_opportunity(opportunity_id=shift.opportunity_id)
        return shift


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        skip_postgeneration_save = True

    age_band = "30-64"

    @factory.post_generation
    def interests(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.interests.set(extracted)

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.skills.set(extracted)


class ConsultationSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationSlot

    municipality = factory.SubFactory(MunicipalityFactory)
    starts_at = factory.LazyFunction(lambda: in_days(2, 11))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=45))
    mode = ConsultationSlot.Mode.IN_PERSON
    location = "Ladenlokal in der Berswordt-Halle"
