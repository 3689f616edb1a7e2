"""GDPR self-service at ``/konto/daten/``: download my data, delete my account.

Every part of the portal that stores personal data registers its ``privacy`` module's
``export_user_data(user) -> dict`` and ``erase_user_data(user) -> None`` in its
``AppConfig.ready()`` (``civicportal.core.privacy_registry``); this module runs the
exports into one JSON document and the erasures in one transaction, in the registered
order: the apps first
(they anonymise authored public content, keep statistics, reduce funding records), the
site-wide core last (it deletes the account, or keeps an empty shell if a record that
must be kept still points to it).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core import audit, privacy_registry

#: Apps' privacy modules, in erasure order: the top first, the site-wide core last.
EXPORT_FORMAT_VERSION = 1


def export_user_data(user) -> dict:
    """All personal data of ``user`` as one JSON-serialisable document."""
    document = {
        "format": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "parts": {},
    }
    for part in privacy_registry.parts():
        document["parts"][part.name] = part.export(user)
    # One round trip through JSON: the document is exactly what the download holds.
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


@transaction.atomic
def erase_user_data(*, user) -> None:
    """Erase ``user``'s personal data everywhere (see the module docstring)."""
    user_id = user.pk
    for part in privacy_registry.parts():
        part.erase(user)
    audit.record(action=audit.ACCOUNT_ERASED, note=f"Konto #{user_id} auf eigenen Wunsch gelöscht")


# --- views ---------------------------------------------------------------------------------


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Dein Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Zur Sicherheit: Bestätige die Löschung mit deinem Passwort."),
    )
    confirm = forms.BooleanField(
        label=_("Ja, ich möchte mein Konto endgültig löschen."),
        required=True,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Das Passwort stimmt nicht."), code="wrong_password")
        return password


def _context(request: HttpRequest, form: DeleteAccountForm | None = None) -> dict:
    return {
        "form": form or DeleteAccountForm(user=request.user),
        "parts": [part.name for part in privacy_registry.parts()],
        "can_delete": not request.user.is_staff,
    }


@never_cache
@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "account_data/overview.html", _context(request))


@never_cache
@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    document = export_user_data(request.user)
    filename = f"civicportal-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect("account_data:overview")
    if request.user.is_staff:
        messages.error(
            request,
            _(
                "Konten mit Verwaltungsrechten löscht die Administration, damit Zuständigkeiten "
                "übergeben werden können. Bitte wende dich an sie."
            ),
        )
        return redirect("account_data:overview")
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "account_data/overview.html", _context(request, form))
    user = request.user
    erase_user_data(user=user)
    logout(request)
    messages.success(
        request,
        _("Dein Konto ist gelöscht. Deine öffentlichen Beiträge bleiben ohne Namen stehen."),
    )
    return redirect("home")


app_name = "account_data"
urlpatterns = [
    path("", overview, name="overview"),
    path("export/", export, name="export"),
    path("loeschen/", delete, name="delete"),
]
