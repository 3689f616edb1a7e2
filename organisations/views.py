"""Views of the organisation pages: registration, the public page, the members' area,
invitations and the participants' export. The other parts' blocks on these pages come
from ``organisations.registry``."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core.models import Organisation, OrganisationMembership
from civicportal.core.text import csv_safe
from organisations import registry, services
from organisations.access import MANAGER_ROLES, get_managed_organisation, get_organisation_for_admin
from organisations.forms import InvitationForm, OrganisationDetailsForm, OrganisationForm
from organisations.models import OrganisationInvitation
from organisations.verification import verification_needs


def _render_sections(
    request: HttpRequest,
    sections: list[registry.Section],
    organisation: Organisation,
    membership: OrganisationMembership | None,
) -> list[str]:
    # Each template renders the part's own (auto-escaped) context; the result is HTML.
    return [
        mark_safe(
            render_to_string(
                section.template,
                section.context(request, organisation, membership),
                request=request,
            )
        )
        for section in sections
    ]


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.register_organisation(
            user=request.user, organisation=form.save(commit=False)
        )
        messages.success(
            request,
            _(
                "Deine Organisation ist angelegt. Die FreiwilligenAgentur prüft sie; danach "
                "kannst du Angebote veröffentlichen."
            ),
        )
        return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/register.html", {"form": form})


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page of a verified organisation; its members get the members' area."""
    organisation = get_object_or_404(
        Organisation.objects.select_related("municipality", "district"), slug=slug
    )
    membership = None
    if request.user.is_authenticated:
        membership = OrganisationMembership.objects.filter(
            organisation=organisation, user=request.user
        ).first()
    if membership is None:
        if not organisation.is_verified:
            raise Http404
        sections = _render_sections(request, registry.public_sections(), organisation, None)
        return render(
            request,
            "organisations/detail.html",
            {"organisation": organisation, "sections": sections},
        )
    return _dashboard(request, organisation, membership)


def dashboard_response(
    request: HttpRequest, organisation: Organisation, *, failed: dict
) -> HttpResponse:
    """The members' page after a rejected POST, status 422: ``failed`` (the bound form and
    the row it belongs to) reaches the dashboard and every section's context, so the form
    comes back in its place with what was typed and the error at its field."""
    membership = OrganisationMembership.objects.get(organisation=organisation, user=request.user)
    request.dashboard_failed = failed
    return _dashboard(request, organisation, membership, failed=failed)


def _dashboard(
    request: HttpRequest,
    organisation: Organisation,
    membership: OrganisationMembership,
    *,
    failed: dict | None = None,
) -> HttpResponse:
    members = list(
        OrganisationMembership.objects.filter(organisation=organisation).select_related("user")
    )
    invitations = list(
        OrganisationInvitation.objects.filter(organisation=organisation, accepted_at__isnull=True)
    )
    sections = _render_sections(request, registry.member_sections(), organisation, membership)
    return render(
        request,
        "organisations/dashboard.html",
        {
            "organisation": organisation,
            "membership": membership,
            "can_manage": membership.role in MANAGER_ROLES,
            "is_admin": membership.role == OrganisationMembership.Role.ADMIN,
            "sections": sections,
            "members": members,
            "invitations": invitations,
            "invitation_form": InvitationForm(),
            "verification": verification_needs(organisation),
            **(failed or {}),
        },
        status=422 if failed else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The administrators complete or change their organisation's details."""
    organisation = get_organisation_for_admin(request.user, slug)
    data = request.POST if request.method == "POST" else None
    form = OrganisationDetailsForm(data, instance=organisation)
    if request.method == "POST":
        if form.is_valid():
            services.update_organisation(organisation=form.save(commit=False), by=request.user)
            messages.success(request, _("Die Angaben sind gespeichert."))
            return redirect("organisations:detail", slug=slug)
        organisation.refresh_from_db()
    return render(
        request,
        "organisations/edit.html",
        {
            "organisation": organisation,
            "form": form,
            "verification": verification_needs(organisation),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_admin(request.user, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except services.OrganisationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Die Einladung ist verschickt."))
            return redirect("organisations:detail", slug=slug)
    return dashboard_response(request, organisation, failed={"invitation_form": form})


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation page: who invites, to which organisation, with which role. Someone
    without an account registers from here and comes back here (``next``)."""
    invitation = get_object_or_404(
        OrganisationInvitation.objects.select_related("organisation", "invited_by"),
        token=token,
        accepted_at__isnull=True,
    )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        return render(
            request,
            "organisations/invitation.html",
            {
                "invitation": invitation,
                "role": OrganisationMembership.Role(invitation.role).label,
                "next": urlencode({"next": request.path}),
            },
        )
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.OrganisationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Willkommen im Team!"))
            return redirect("organisations:detail", slug=invitation.organisation.slug)
    return render(
        request,
        "organisations/invitation.html",
        {"invitation": invitation, "role": OrganisationMembership.Role(invitation.role).label},
    )


@login_required
@require_GET
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """The participants of the organisation's activities as CSV (for Excel: BOM, ';')."""
    organisation = get_managed_organisation(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{organisation.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Angebot"), _("Beginn"), _("Ende"), _("Name"), _("E-Mail"), _("Status")])
    for source in registry.participant_sources():
        for row in source(organisation):
            start = timezone.localtime(row.starts_at)
            end = timezone.localtime(row.ends_at)
            writer.writerow(
                [
                    csv_safe(row.activity),
                    f"{start:%d.%m.%Y %H:%M}",
                    f"{end:%d.%m.%Y %H:%M}",
                    csv_safe(row.name),
                    csv_safe(row.email),
                    csv_safe(row.status),
                ]
            )
    return response
