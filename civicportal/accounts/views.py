"""„Mein Konto“ (``/konto/``): the overview, the names, my ideas and comments, my
organisations. E-mail, password and two-factor are allauth's pages in the same layout
(``templates/allauth/layouts/manage.html``); followed initiatives, engagement,
applications and data live with their apps and are linked from the menu."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.accounts.forms import ProfileForm
from civicportal.core import content
from civicportal.core.models import OrganisationMembership
from initiatives.models import Comment, Idea
from volunteering import services as volunteering_services
from volunteering.models import Certificate

CONTRIBUTIONS_SHOWN = 100


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site, else empty."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@never_cache
@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "my_account/overview.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The names. Accounts without a full name land here once (``NamesGateMiddleware``)
    with ``next`` kept, and go on there after saving."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    first_time = not request.user.has_names
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        content.changed()  # the name shows on their public ideas and comments
        # Certificates issued before the person had a name carry none: they get it now.
        Certificate.objects.filter(volunteer=request.user).filter(
            Q(holder_name="") | Q(holder_name__contains="@")
        ).update(holder_name=request.user.document_name)
        messages.success(request, _("Deine Namen sind gespeichert."))
        return redirect(next_url or "accounts:profile")
    return render(
        request,
        "my_account/profile.html",
        {"form": form, "next": next_url, "first_time": first_time},
    )


@never_cache
@login_required
@require_GET
def contributions(request: HttpRequest) -> HttpResponse:
    """My ideas and comments, newest first, with their moderation state."""
    ideas = (
        Idea.objects.filter(author=request.user)
        .select_related("initiative")
        .order_by("-created_at")[:CONTRIBUTIONS_SHOWN]
    )
    comments = (
        Comment.objects.filter(author=request.user)
        .select_related("idea__initiative")
        .order_by("-created_at")[:CONTRIBUTIONS_SHOWN]
    )
    return render(
        request,
        "my_account/contributions.html",
        {"ideas": ideas, "comments": comments, "shown": CONTRIBUTIONS_SHOWN},
    )


@never_cache
@login_required
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    """A new secret address for the personal calendar feed (the old one stops working)."""
    if volunteering_services.renew_calendar_token(user=request.user) is None:
        messages.error(request, _("Ein Kalender-Abo gibt es erst mit einem Engagement-Profil."))
    else:
        messages.success(
            request,
            _(
                "Dein Kalender-Link ist erneuert; der alte funktioniert nicht mehr. Trag den "
                "neuen in deinem Kalender ein."
            ),
        )
    return redirect("volunteering:mine")


@never_cache
@login_required
@require_GET
def my_organisation(request: HttpRequest) -> HttpResponse:
    """Where „Meine Organisationen“ leads: a member of exactly one organisation goes
    straight to its dashboard, everyone else to the list (resolved here, on the click,
    rather than with a query on every signed-in page that shows the menu)."""
    slugs = list(
        OrganisationMembership.objects.filter(user=request.user).values_list(
            "organisation__slug", flat=True
        )[:2]
    )
    if len(slugs) == 1:
        return redirect("organisations:detail", slug=slugs[0])
    return redirect("accounts:organisations")


@never_cache
@login_required
@require_GET
def organisations(request: HttpRequest) -> HttpResponse:
    memberships = (
        OrganisationMembership.objects.filter(user=request.user)
        .select_related("organisation__municipality")
        .order_by("organisation__name")
    )
    return render(request, "my_account/organisations.html", {"memberships": memberships})
