"""Funding's block on the organisation pages (registered in ``FundingConfig.ready()``
through ``organisations.registry``): the organisation's applications in the members'
area. Every member may read them (``funding.access``), so the block shows for all roles."""

from __future__ import annotations

from django.http import HttpRequest

from civicportal.core.models import Organisation, OrganisationMembership
from funding.models import Application
from organisations.registry import Section, register_member_section

SHOWN = 20


def member_context(
    request: HttpRequest, organisation: Organisation, membership: OrganisationMembership
) -> dict:
    applications = list(
        Application.objects.filter(organisation=organisation)
        .select_related("call__programme")
        .order_by("-updated_at")[: SHOWN + 1]
    )
    return {
        "organisation": organisation,
        "applications": applications[:SHOWN],
        "more": len(applications) > SHOWN,
    }


def register() -> None:
    register_member_section(
        Section(
            key="funding",
            template="funding/includes/organisation_applications.html",
            context=member_context,
            order=20,
        )
    )
