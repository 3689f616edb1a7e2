"""The person's notification pages at ``/konto/benachrichtigungen/``: settings per kind
(instantly, daily digest, off) and the language of the mails; the list of recent
notifications; the one-click unsubscribe of a kind (RFC 8058). The kinds themselves are
registered in ``civicportal.core.notifications``."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from civicportal.core import notifications
from civicportal.core.models import Notification, NotificationSettings
from civicportal.core.paging import capped_page
from civicportal.core.params import PAGE, PAGE_RENAMES, renamed_query_parameters

MODE_LABELS = {
    notifications.INSTANT: _("sofort per E-Mail"),
    notifications.DIGEST: _("einmal täglich zusammengefasst"),
    notifications.OFF: _("aus (nur hier im Portal)"),
}
HISTORY_PAGE_SIZE = 30


def visible_kinds(user) -> list[notifications.Kind]:
    """The kinds a person can receive: staff kinds only for staff."""
    kinds = [kind for kind in notifications.kinds() if user.is_staff or not kind.staff]
    # the person's own matters first, then the site-wide ones, staff work last (a stable
    # sort: the registry's order inside)
    return sorted(kinds, key=lambda kind: (kind.staff, kind.key.startswith("core.")))


class NotificationSettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Sprache der E-Mails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = visible_kinds(user)
        for kind in self.kinds:
            if len(kind.modes()) < 2:
                continue  # transactional: always sent, listed on the page
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=[(mode, MODE_LABELS[mode]) for mode in kind.modes()],
                widget=forms.RadioSelect,
            )

    def groups(self) -> list[tuple[str, list]]:
        """``(group, [bound field or kind])`` in registry order, for the template."""
        rows = [
            (str(kind.group), self[kind.key] if kind.key in self.fields else kind)
            for kind in self.kinds
        ]
        return [
            (group, [row for _g, row in items])
            for group, items in groupby(rows, key=lambda r: r[0])
        ]


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    own = NotificationSettings.objects.filter(user=request.user).first()
    initial = {"language": own.language if own else request.LANGUAGE_CODE}
    for kind in visible_kinds(request.user):
        initial[kind.key] = notifications.mode_for(own, kind)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, user=request.user, initial=initial)
        if form.is_valid():
            with transaction.atomic():
                own, _created = NotificationSettings.objects.select_for_update().get_or_create(
                    user=request.user
                )
                own.language = form.cleaned_data["language"]
                for kind in form.kinds:
                    if kind.key in form.fields:
                        own.choices[kind.key] = form.cleaned_data[kind.key]
                own.save()
            messages.success(request, _("Deine Einstellungen sind gespeichert."))
            return redirect("notifications:settings")
    else:
        form = NotificationSettingsForm(user=request.user, initial=initial)
    return render(request, "notifications/settings.html", {"form": form})


@never_cache
@login_required
@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def history(request: HttpRequest) -> HttpResponse:
    labels = {kind.key: kind.label for kind in notifications.kinds()}
    rows = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = capped_page(rows, request.GET.get(PAGE), HISTORY_PAGE_SIZE)
    for row in page.object_list:
        row.label = labels.get(row.kind, row.kind)
    return render(request, "notifications/history.html", {"page_obj": page})


@csrf_exempt  # the signed token authenticates; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST (one click) switches the kind off for the person the token names."""
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        raise Http404
    user, kind = found
    done = request.method == "POST"
    if done:
        notifications.set_mode(user=user, kind=kind, mode=notifications.OFF)
    return render(
        request, "notifications/unsubscribe.html", {"done": done, "kind": kind, "token": token}
    )


app_name = "notifications"
urlpatterns = [
    path("", settings_view, name="settings"),
    path("verlauf/", history, name="history"),
    path("abbestellen/<str:token>/", unsubscribe, name="unsubscribe"),
]
