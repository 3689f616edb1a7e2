"""Funding's block on the initiative page (registered in ``FundingConfig.ready()`` through
``initiatives.registry``): the initiative's funded projects whose applicants agreed to
publication."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding.models import Application
from initiatives.models import Initiative
from initiatives.registry import RelatedList, register_related


def funded_projects(initiative: Initiative, limit: int) -> list[Application]:
    return list(
        Application.objects.funded_public()
        .filter(initiative=initiative)
        .select_related("organisation")[:limit]  # the model's ordering: newest first
    )


def register() -> None:
    register_related(
        RelatedList(
            key="funded",
            title=_("Geförderte Projekte"),
            records=funded_projects,
            linked=False,
            more_url=lambda: reverse("funding:funded"),
            more_label=_("Alle geförderten Projekte"),
            order=20,
        )
    )
