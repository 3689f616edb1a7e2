"""Back-office pages beyond Django's model pages (routed by :mod:`civicportal.admin_site`).

* the moderation desk: counts on the admin start page and ``/admin/moderation/``, one
  queue of the ideas and comments that wait for approval or have open reports, each with
  its reports, and buttons for hide (with a free reason), approve and dismiss — all
  through ``initiatives.services`` like every other path;
* the Markdown preview of the editing forms (rendered by the portal's own renderer, so
  it shows what the public page will show);
* the session ping of the expiry warning (``static/js/admin-session.js``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicportal.core.models import StaffMembership
from civicportal.core.scoping import scope_queryset, scoped_municipality_ids
from initiatives import services
from initiatives.models import Comment, Idea, Moderation, Report
from initiatives.text import render_markdown

EDITORS = frozenset({StaffMembership.Role.EDITOR})
#: items shown per kind in the queue (oldest first; the rest after these are done)
QUEUE_SIZE = 50
MAX_PREVIEW_CHARS = 50_000


def _editor_scope(request: HttpRequest) -> set[int] | None:
    """Municipality ids the user moderates (``None``: all); refuse non-editors."""
    ids = scoped_municipality_ids(request, EDITORS)
    if ids is not None and not ids:
        raise PermissionDenied
    return ids


def _needs_moderation(queryset):
    open_reports = Report.objects.open().filter(**{queryset.model._meta.model_name: OuterRef("pk")})
    return queryset.filter(Q(moderation=Moderation.PENDING) | Exists(open_reports))


def desk_counts(request: HttpRequest) -> dict | None:
    """Open reports and pending items in the editor's municipalities (``None`` for staff
    who do not moderate)."""
    ids = scoped_municipality_ids(request, EDITORS)
    if ids is not None and not ids:
        return None
    reports = scope_queryset(Report.objects.open(), ids).count()
    pending = sum(
        scope_queryset(model.objects.filter(moderation=Moderation.PENDING), ids).count()
        for model in (Idea, Comment)
    )
    return {"reports": reports, "pending": pending}


def _queue(model, ids):
    open_reports = Prefetch(
        "reports",
        queryset=Report.objects.open().select_related("reporter").order_by("created_at"),
        to_attr="open_report_list",
    )
    queryset = scope_queryset(_needs_moderation(model.objects.all()), ids)
    related = ["initiative", "author"] if model is Idea else ["idea__initiative", "author"]
    return list(
        queryset.select_related(*related)
        .prefetch_related(open_reports)
        .annotate(report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("created_at")[:QUEUE_SIZE]
    )


def moderation_queue(request: HttpRequest) -> HttpResponse:
    """The moderation desk: GET lists the queue, POST runs one button."""
    ids = _editor_scope(request)
    if request.method == "POST":
        return _moderate(request, ids)
    context = {
        **admin.site.each_context(request),
        "title": _("Moderation"),
        "ideas": _queue(Idea, ids),
        "comments": _queue(Comment, ids),
        "desk": desk_counts(request),
        "reason_max": Idea._meta.get_field("moderation_reason").max_length,
    }
    return TemplateResponse(request, "admin/moderation_queue.html", context)


def _moderate(request: HttpRequest, ids) -> HttpResponse:
    models = {"idea": Idea, "comment": Comment}
    model = models.get(request.POST.get("kind", ""))
    action = request.POST.get("action", "")
    if model is None or action not in {"hide", "approve", "dismiss"}:
        messages.error(request, _("Diese Aktion gibt es nicht."))
        return redirect("admin:moderation_queue")
    pk = request.POST.get("pk", "").strip()
    target = get_object_or_404(
        scope_queryset(model.objects.all(), ids), pk=int(pk) if pk.isdigit() else 0
    )
    reason = request.POST.get("reason", "").strip()
    if action == "hide" and not reason:
        messages.error(
            request,
            _("Bitte geben Sie einen Grund an, warum „%(item)s“ ausgeblendet wird.")
            % {"item": target},
        )
        return redirect("admin:moderation_queue")
    if action == "dismiss":
        count = services.dismiss_reports(moderator=request.user, target=target)
        messages.success(
            request,
            _("%(count)d Meldung(en) zurückgewiesen: „%(item)s“ bleibt sichtbar.")
            % {"count": count, "item": target},
        )
    else:
        services.moderate(moderator=request.user, target=target, action=action, reason=reason)
        done = _("ausgeblendet") if action == "hide" else _("freigegeben")
        messages.success(request, _("„%(item)s“ %(done)s.") % {"item": target, "done": done})
    return redirect("admin:moderation_queue")


@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The HTML the public page would show for the Markdown in ``text``."""
    text = request.POST.get("text", "")[:MAX_PREVIEW_CHARS]
    return HttpResponse(render_markdown(text), content_type="text/html; charset=utf-8")


def session_ping(request: HttpRequest) -> JsonResponse:
    """Keeps the staff session alive (every staff request renews the idle timeout, see
    ``civicportal.security.StaffSessionMiddleware``) and tells how long it lasts."""
    return JsonResponse({"idle_seconds": settings.STAFF_SESSION_IDLE_SECONDS})
