"""Joining the back office by invitation, in one flow that ends in the admin.

``/konto/verwaltung/einladung/<token>/`` (the link in the invitation e-mail):

1. a new colleague sets a name and a password (the invited address is taken as
   confirmed: the link reached it) and is signed in; someone who already has an account
   signs in with it and comes back here;
2. the role is granted (``services.accept_staff_invitation``: staff flag, audit);
3. the admin's TOTP gate sends them to set up the authenticator app, then to the
   recovery codes, each with ``next`` kept (:class:`ActivateTOTPView`), and on to the admin.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView
from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from civicportal.core import services
from civicportal.core.models import StaffInvitation, User


class NewStaffAccountForm(forms.Form):
    full_name = forms.CharField(label=_("Vor- und Nachname"), max_length=150)
    password1 = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Mindestens 12 Zeichen; kein Passwort, das Sie anderswo nutzen."),
    )
    password2 = forms.CharField(
        label=_("Passwort wiederholen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Die beiden Passwörter stimmen nicht überein."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def _admin_next() -> str:
    return reverse("admin:index")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(
        StaffInvitation.objects.select_related("municipality"), token=token
    )
    context = {"invitation": invitation}
    if not invitation.is_open:
        return render(request, "staff/invitation_closed.html", context, status=410)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            return render(request, "staff/invitation_other_account.html", context, status=403)
        if request.method == "POST":
            return _accept(request, invitation, user)
        return render(request, "staff/invitation.html", context)
    if User.objects.filter(email__iexact=invitation.email).exists():
        login_url = reverse("account_login") + "?" + urlencode({"next": request.path})
        return render(request, "staff/invitation.html", {**context, "login_url": login_url})
    form = NewStaffAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = User.objects.create_user(
                email=invitation.email,
                password=form.cleaned_data["password1"],
                full_name=form.cleaned_data["full_name"],
            )
            # The link in the invitation reached this mailbox: the address is confirmed.
            EmailAddress.objects.create(
                user=user, email=invitation.email, verified=True, primary=True
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # the password was just set: counts as a fresh sign-in, so the TOTP set-up does
        # not ask for it once more
        record_authentication(
            request, user, method="password", email=user.email, reauthenticated=True
        )
        return _accept(request, invitation, user)
    status = 422 if request.method == "POST" else 200
    return render(request, "staff/invitation.html", {**context, "form": form}, status=status)


def _accept(request: HttpRequest, invitation: StaffInvitation, user) -> HttpResponse:
    try:
        membership = services.accept_staff_invitation(invitation=invitation, user=user)
    except PermissionDenied:
        return render(request, "staff/invitation_closed.html", {"invitation": invitation}, 410)
    messages.success(
        request,
        gettext("Willkommen! Sie arbeiten jetzt als %(role)s für %(municipality)s mit.")
        % {"role": membership.get_role_display(), "municipality": membership.municipality},
    )
    # The admin's TOTP gate (civicportal.security) sends them through the set-up first.
    return redirect(_admin_next())


class ActivateTOTPView(AllauthActivateTOTPView):
    """allauth's TOTP set-up, keeping ``next``: on to the recovery codes (which show a
    „Weiter“ link to it), then to where the person was going (the admin)."""

    #: allauth's form posts to the bare URL: ``next`` waits in the session meanwhile
    SESSION_KEY = "portal_totp_next"

    def _next(self) -> str:
        target = self.request.GET.get("next") or self.request.session.get(self.SESSION_KEY, "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            return target
        return ""

    def get(self, request, *args, **kwargs):
        target = self._next()
        if target:
            request.session[self.SESSION_KEY] = target
        return super().get(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        # The code just entered proves the authenticator: it counts as this session's
        # TOTP check (as allauth's own post_authentication records it), so the admin's
        # gate does not ask for a second code a minute later.
        authenticator = Authenticator.objects.filter(
            user=self.request.user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is not None:
            record_authentication(
                self.request, self.request.user, method="mfa", type="totp", id=authenticator.pk
            )
        return response

    def get_success_url(self) -> str:
        target = self._next()
        self.request.session.pop(self.SESSION_KEY, None)
        url = super().get_success_url()
        return f"{url}?{urlencode({'next': target})}" if target else url


urlpatterns = [
    path("verwaltung/einladung/<str:token>/", invitation, name="staff_invitation"),
    path("2fa/totp/activate/", ActivateTOTPView.as_view(), name="mfa_activate_totp"),
]
