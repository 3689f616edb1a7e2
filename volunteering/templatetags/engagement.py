"""Template tags of the engagement pages."""

from __future__ import annotations

from django import template

from civicportal.core.models import Organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def my_organisations(context) -> list[Organisation]:
    """The organisations the signed-in person belongs to (for the one-click link to their
    dashboard); read once per request."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    if not hasattr(request, "_my_organisations"):
        request._my_organisations = list(
            Organisation.objects.filter(memberships__user=request.user)
            .order_by("name")
            .only("pk", "name", "slug")[:3]
        )
    return request._my_organisations
