"""Volunteering's block on the initiative page (registered in ``VolunteeringConfig.ready()``
through ``initiatives.registry``): the published opportunities of the initiative."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from initiatives.registry import RelatedList, register_related
from volunteering.models import Opportunity


def opportunities(initiative: Initiative, limit: int) -> list[Opportunity]:
    return list(
        Opportunity.objects.published()
        .filter(initiative=initiative)
        .select_related("organisation")[:limit]  # the model's ordering: newest first
    )


def register() -> None:
    register_related(
        RelatedList(
            key="opportunities",
            title=_("Mitmachen: Engagement-Angebote"),
            records=opportunities,
            order=10,
        )
    )
