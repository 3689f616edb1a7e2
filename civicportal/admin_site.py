"""The portal's admin site: Django's, with the back office's own pages and rules.

* „Auf der Website ansehen“ (``/admin/r/<type>/<id>/``) redirects only to records the
  staff member may view in the admin (Django's own view redirects anybody to any
  record's public URL, an unpublished draft of another city included).
* The start page shows the moderation desk's counts (open reports, items waiting for
  approval) for the editor's municipalities; ``/admin/moderation/`` is the queue.
* The Markdown preview endpoint of the editing forms (``/admin/markdown-vorschau/``).

Installed through :class:`civicportal.apps.PortalAdminConfig` in ``INSTALLED_APPS`` in
place of ``django.contrib.admin``; every ``admin.register`` uses this site.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from civicportal import back_office

#: German names for the sections of third-party apps (superusers see them)
APP_NAMES = {
    "account": _("Konten: E-Mail-Adressen"),
    "mfa": _("Zwei-Faktor-Anmeldung"),
    "django_tasks_database": _("Hintergrundaufgaben"),
    "auth": _("Anmeldung"),
    "reversion": _("Fassungen"),
    "easy_thumbnails": _("Bildvarianten"),
}


class PortalAdminSite(admin.AdminSite):
    site_header = _("civicportal – Verwaltung")
    site_title = _("civicportal – Verwaltung")
    index_title = _("Übersicht")
    enable_nav_sidebar = True

    def get_urls(self):
        urls = super().get_urls()
        own = [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            path(
                "moderation/",
                self.admin_view(back_office.moderation_queue),
                name="moderation_queue",
            ),
            path(
                "markdown-vorschau/",
                self.admin_view(back_office.markdown_preview),
                name="markdown_preview",
            ),
            path(
                "sitzung/",
                self.admin_view(back_office.session_ping),
                name="session_ping",
            ),
        ]
        # Ours first: Django's own ``view_on_site`` route is shadowed.
        return own + urls

    def get_app_list(self, request: HttpRequest, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            if app["app_label"] in APP_NAMES:
                app["name"] = APP_NAMES[app["app_label"]]
        return app_list

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        context["admin_editing_texts"] = {
            "idleSeconds": settings.STAFF_SESSION_IDLE_SECONDS,
            "pingUrl": reverse("admin:session_ping"),
            "loginUrl": reverse("account_login"),
            "warning": gettext(
                "Ihre Sitzung endet in wenigen Minuten, weil eine Weile nichts gespeichert "
                "wurde. Ihre Eingaben bleiben erhalten."
            ),
            "keep": gettext("Angemeldet bleiben"),
            "expired": gettext(
                "Ihre Sitzung ist abgelaufen. Ihre Eingaben in diesem Fenster sind nicht "
                "verloren: Melden Sie sich im neuen Fenster an und speichern Sie dann hier."
            ),
            "signIn": gettext("In neuem Fenster anmelden"),
            "resume": gettext(
                "Nicht gespeicherte Eingaben von %(time)s in diesem Formular gefunden "
                "(z. B. nach Ablauf der Sitzung). Wiederherstellen?"
            ),
            "resumeYes": gettext("Eingaben wiederherstellen"),
            "resumeNo": gettext("Verwerfen"),
            "empty": gettext("(leer)"),
            "previewFailed": gettext("Die Vorschau ist gerade nicht möglich."),
        }
        return context

    def view_on_site(self, request: HttpRequest, content_type_id: int, object_id: str):
        """The public URL of a record the staff member may view here; 404 otherwise."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if model_admin is None or not hasattr(model, "get_absolute_url"):
            raise Http404
        obj = model_admin.get_object(request, str(object_id))
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return HttpResponseRedirect(obj.get_absolute_url())

    def index(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        context = {**(extra_context or {}), "desk": back_office.desk_counts(request)}
        return super().index(request, context)
