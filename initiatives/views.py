"""Views of the initiatives part: thin; reads through QuerySet methods and filtersets,
writes through ``services``, permissions from ``rules``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core import search
from civicportal.core.ical import calendar_response
from civicportal.core.models import District
from civicportal.core.paging import capped_page
from civicportal.core.params import PAGE, PAGE_RENAMES, renamed_query_parameters
from initiatives import registry, rules, sections, services, tokens
from initiatives.access import get_comment_for_user, get_idea_for_user, get_initiative_for_user
from initiatives.filters import EventFilter, IdeaFilter, InitiativeFilter
from initiatives.forms import (
    AnswerForm,
    CommentForm,
    IdeaForm,
    ModerationForm,
    ReplyForm,
    ReportForm,
)
from initiatives.ical import EVENT_FIELDS, build_calendar, build_event_file
from initiatives.models import (
    Comment,
    Event,
    Follow,
    Idea,
    Initiative,
    Report,
    Support,
    Update,
)

PAGE_SIZE = 20
SUBPROJECTS_PAGE_SIZE = 12
IDEAS_PAGE_SIZE = 20
ALREADY_REPORTED = _lazy(
    "Du hast diesen Beitrag schon gemeldet – danke! Eine Meldung pro Person genügt; "
    "die Redaktion sieht ihn sich an."
)
TOO_MANY = _lazy(
    "Du hast in der letzten Stunde schon sehr viele Beiträge geschrieben. "
    "Bitte versuche es später noch einmal."
)


# --- initiatives -------------------------------------------------------------------------------


@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilter(
        request.GET or None, queryset=Initiative.objects.published().for_cards()
    )
    page = capped_page(filterset.qs, request.GET.get(PAGE), PAGE_SIZE)
    text = _searched(filterset)
    suggestion = (
        search.suggest(text, [(Initiative.objects.published(), "title")])
        if text and not page.object_list
        else ""
    )
    return render(
        request,
        "initiatives/list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "is_filtered": bool(request.GET),
            "suggestion": suggestion,
        },
    )


def _searched(filterset) -> str:
    """The words searched for in a list (``?q=``), when the filter form is valid."""
    if not filterset.is_bound or not filterset.form.is_valid():
        return ""
    return (filterset.form.cleaned_data.get("q") or "").strip()


def _subproject_district(request: HttpRequest, initiative: Initiative, parts: dict):
    """The boroughs of an initiative's sub-projects (for the filter, offered only when it
    has more than a page of them) and the one chosen with ``?bezirk=``, or ``None``.

    The query runs on every initiative page, so a page costs the same number of queries
    whatever the size of the programme (tests/bench/test_query_counts.py)."""
    districts = list(
        District.objects.filter(initiatives__parent=initiative, initiatives__is_published=True)
        .distinct()
        .order_by("name")
        .only("pk", "slug", "name")
    )
    if parts["subproject_count"] <= SUBPROJECTS_PAGE_SIZE:
        return [], None
    chosen = request.GET.get("bezirk", "")
    return districts, next((d for d in districts if d.slug == chosen), None)


def _participation_stats(initiative: Initiative) -> dict[str, int]:
    """The participation figures, annotated by ``with_participation_stats`` if present."""
    if not hasattr(initiative, "stats_json"):
        initiative = Initiative.objects.annotate(
            stats_json=sections.participation_stats_expression()
        ).get(pk=initiative.pk)
    return sections.stats_from(initiative.stats_json)


@require_GET
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One query for the initiative with every section (``initiatives.sections``), one for
    the page of sub-projects, and one per other part's related records."""
    initiative = get_initiative_for_user(request.user, slug, sections.detail_queryset(request.user))
    return _render_detail(request, initiative)


def render_preview(request: HttpRequest, pk: int, changes: dict) -> HttpResponse:
    """The back office's preview (``InitiativeAdmin.preview_view``, editors only): the
    detail page of initiative ``pk`` with unsaved field values ``changes`` applied."""
    initiative = get_object_or_404(sections.detail_queryset(request.user), pk=pk)
    for attname, value in changes.items():
        setattr(initiative, attname, value)
    response = _render_detail(request, initiative, preview=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _render_detail(request: HttpRequest, initiative, *, preview: bool = False) -> HttpResponse:
    parts = sections.unpack(initiative)
    today = timezone.localdate()
    phases = parts["phases"]
    current_phase = next((p for p in phases if p.is_current_on(today)), None)
    partners_by_kind: dict[str, list] = {}
    for partnership in parts["partnerships"]:
        partners_by_kind.setdefault(partnership.partner.get_kind_display(), []).append(partnership)
    subproject_districts, district = _subproject_district(request, initiative, parts)
    subproject_qs = (
        initiative.subprojects.published()
        .only("pk", "slug", "title", "status", "parent_id", "is_example")
        .order_by("title", "pk")
    )
    if district is not None:
        subproject_qs = subproject_qs.filter(districts=district)
    subprojects = capped_page(
        subproject_qs,
        request.GET.get("teilprojekte"),
        SUBPROJECTS_PAGE_SIZE,
        total=None if district is not None else parts["subproject_count"],
    )
    participation = rules.participation_for(initiative, today=today, phases=phases)
    context = {
        **parts,
        "initiative": initiative,
        "current_phase": current_phase,
        "today": today,
        "partners_by_kind": partners_by_kind,
        "subprojects": subprojects,
        "subproject_districts": subproject_districts,
        "subproject_district": district,
        "participation": participation,
        "stats": parts["stats"] if participation.state != rules.NONE else None,
        "related": registry.related_for(initiative),
        "preview": preview,
    }
    return render(request, "initiatives/detail.html", context)


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    services.follow(user=request.user, initiative=initiative)
    messages.success(
        request,
        _("Du folgst jetzt „%(title)s“. Neuigkeiten kommen per E-Mail.")
        % {"title": initiative.title},
    )
    return redirect(initiative)


@login_required
@require_POST
def unfollow(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    services.unfollow(user=request.user, initiative=initiative)
    messages.success(request, _("Du folgst „%(title)s“ nicht mehr.") % {"title": initiative.title})
    if request.POST.get("next") == "following":
        return redirect("initiatives:following")
    return redirect(initiative)


FOLLOWING_PAGE_SIZE = 20


@login_required
@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def following(request: HttpRequest) -> HttpResponse:
    """The initiatives the signed-in resident follows, with the newest update of each and
    an unfollow button: capped count + one page query (updates and the participation
    flag are subqueries of that query)."""
    follows = Follow.objects.filter(user=request.user).for_overview()
    page = capped_page(follows, request.GET.get(PAGE), FOLLOWING_PAGE_SIZE)
    return render(request, "initiatives/following.html", {"page_obj": page})


@csrf_exempt  # the signed token authenticates; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if tokens.follow_for_token(token) is None:
        raise Http404
    if request.method == "POST":
        initiative = services.unsubscribe(token=token)
        return render(
            request, "initiatives/unsubscribe.html", {"done": True, "initiative": initiative}
        )
    _user_id, initiative_id = tokens.follow_for_token(token)
    initiative = Initiative.objects.filter(pk=initiative_id).first()
    return render(
        request,
        "initiatives/unsubscribe.html",
        {"done": False, "initiative": initiative, "token": token},
    )


@csrf_exempt  # the signed token authenticates; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def idea_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop e-mails about the answers to one's idea: GET asks, POST (one click) does it."""
    if request.method == "POST":
        idea = services.unsubscribe_idea(token=token)
    else:
        idea = tokens.idea_for_token(token)
    if idea is None:
        raise Http404
    context = {"done": request.method == "POST", "idea": idea, "token": token}
    return render(request, "initiatives/idea_unsubscribe.html", context)


@require_GET
def update_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    update = get_object_or_404(Update.objects.published(), pk=pk, initiative=initiative)
    update.initiative = initiative
    return render(
        request, "initiatives/update_detail.html", {"initiative": initiative, "update": update}
    )


# --- events and calendars ------------------------------------------------------------------------


@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def event_list(request: HttpRequest) -> HttpResponse:
    filterset = EventFilter(request.GET or None, queryset=Event.objects.published().for_listing())
    page = capped_page(filterset.qs, request.GET.get(PAGE), PAGE_SIZE)
    return render(request, "initiatives/events.html", {"filter": filterset, "page_obj": page})


@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.published().for_listing(), pk=pk)
    return render(request, "initiatives/event_detail.html", {"event": event})


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """„In den Kalender“: one event as a file the calendar app imports."""
    event = get_object_or_404(Event.objects.published().only(*EVENT_FIELDS), pk=pk)
    return calendar_response(
        request,
        build_event_file(event),
        filename=f"termin-{event.pk}.ics",
        disposition="attachment",
    )


def _ics_response(request, events, *, name: str, filename: str) -> HttpResponse:
    return calendar_response(request, build_calendar(events, name=name), filename=filename)


# The feed of all events: every coming one, then as many of the past year's as fit, the
# most recent first; at most 500. Subscribed calendars mirror the feed, so the past stays.
CALENDAR_PAST_DAYS = 365
CALENDAR_MAX_EVENTS = 500


@require_GET
def events_ics(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    published = Event.objects.published().only(*EVENT_FIELDS)
    coming = list(published.upcoming().order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS])
    past = []
    if len(coming) < CALENDAR_MAX_EVENTS:
        since = now - datetime.timedelta(days=CALENDAR_PAST_DAYS)
        past = list(
            published.filter(ends_at__lt=now, starts_at__gte=since).order_by("-starts_at", "-pk")[
                : CALENDAR_MAX_EVENTS - len(coming)
            ]
        )
    events = sorted([*past, *coming], key=lambda event: (event.starts_at, event.pk))
    return _ics_response(request, events, name=_("Termine"), filename="termine.ics")


@require_GET
def initiative_ics(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    events = (
        Event.objects.published()
        .filter(initiative=initiative)
        .only(*EVENT_FIELDS)
        .order_by("starts_at", "pk")[:CALENDAR_MAX_EVENTS]
    )
    return _ics_response(request, events, name=initiative.title, filename=f"{initiative.slug}.ics")


# --- participation -------------------------------------------------------------------------------


def _participation_initiative(request: HttpRequest, slug: str) -> Initiative:
    """The initiative with its phases and participation figures annotated (one query)."""
    return get_initiative_for_user(
        request.user, slug, sections.with_participation(Initiative.objects.for_listing())
    )


def _participation_context(request: HttpRequest, initiative: Initiative) -> dict:
    participation = rules.participation_for(initiative, phases=sections.phases_of(initiative))
    return {
        "initiative": initiative,
        "participation": participation,
        "can_contribute": rules.can_contribute(request.user, participation),
        "can_report": rules.can_report(request.user),
        "can_moderate": rules.can_moderate(request.user, initiative),
        "needs_verification": request.user.is_authenticated
        and not rules.has_verified_email(request.user),
    }


def _target(request: HttpRequest, initiative: Initiative, kind: str, pk: int):
    """The idea or comment a report/moderation URL names, and the page to return to."""
    if kind == "idee":
        idea = get_idea_for_user(request.user, initiative, pk)
        return idea, idea
    if kind == "kommentar":
        comment = get_comment_for_user(request.user, initiative, pk)
        comment.idea.initiative = initiative
        return comment, comment.idea
    raise Http404


def _supported_ids(user, ideas) -> set[int]:
    if not user.is_authenticated or not ideas:
        return set()
    return set(
        Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list(
            "idea_id", flat=True
        )
    )


def _render_ideas(request: HttpRequest, initiative: Initiative, context: dict, *, form=None):
    ideas = (
        Idea.objects.filter(initiative=initiative)
        .visible_to(request.user, moderator=context["can_moderate"])
        .select_related("author", "district")
        .with_counts()
    )
    if request.user.is_authenticated:
        ideas = ideas.annotate(
            is_supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user=request.user))
        )
    filterset = IdeaFilter(
        request.GET or None, queryset=ideas, initiative=initiative, user=request.user
    )
    page = capped_page(filterset.qs, request.GET.get(PAGE), IDEAS_PAGE_SIZE)
    for idea in page.object_list:
        idea.initiative = initiative
    text = _searched(filterset)
    if text and not page.object_list:
        public = Idea.objects.filter(initiative=initiative, moderation="published")
        context["suggestion"] = search.suggest(text, [(public, "title")])
    if form is None and context["can_contribute"]:
        form = IdeaForm(initiative=initiative)
    context.update(
        {
            "filter": filterset,
            "page_obj": page,
            "supported_ids": {i.pk for i in page.object_list if getattr(i, "is_supported", 0)},
            "form": form,
            "stats": _participation_stats(initiative),
        }
    )
    status = 422 if form is not None and form.is_bound else 200
    return render(request, "initiatives/ideas.html", context, status=status)


@require_GET
@renamed_query_parameters(PAGE_RENAMES)
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _participation_initiative(request, slug)
    return _render_ideas(request, initiative, _participation_context(request, initiative))


@login_required
@require_POST
def idea_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _participation_initiative(request, slug)
    context = _participation_context(request, initiative)
    if not context["can_contribute"]:
        raise PermissionDenied
    form = IdeaForm(request.POST, initiative=initiative)
    if not form.is_valid():
        return _render_ideas(request, initiative, context, form=form)
    try:
        idea = services.post_idea(
            author=request.user,
            initiative=initiative,
            participation=context["participation"],
            **form.cleaned_data,
        )
    except services.TooManyContributions:
        form.add_error(None, TOO_MANY)
        return _render_ideas(request, initiative, context, form=form)
    if idea.is_pending:
        messages.info(request, _("Danke! Deine Idee erscheint, sobald die Redaktion sie freigibt."))
    else:
        messages.success(request, _("Danke! Deine Idee ist veröffentlicht."))
    return redirect(idea)


def _render_idea(
    request: HttpRequest, slug: str, pk: int, *, failed: dict | None = None
) -> HttpResponse:
    """The idea page; after a rejected POST (``failed``: the bound form under its context
    name, and for a comment's report or moderation the comment's pk) with that form's
    errors and everything typed, status 422."""
    initiative = _participation_initiative(request, slug)
    context = _participation_context(request, initiative)
    idea = get_idea_for_user(request.user, initiative, pk, with_comments=True)
    participation = context["participation"]
    comments = list(idea.comments.all())
    threads = _threads(comments)
    user = request.user
    idea_reported, reported_comments = _reported(user, idea, comments)
    for comment in comments:
        comment.can_edit = rules.can_edit_comment(user, comment, participation)
        comment.can_report = rules.can_report_item(user, comment)
    context.update(
        {
            "idea": idea,
            "threads": threads,
            "idea_reported": idea_reported,
            "reported_comments": reported_comments,
            "can_edit_idea": rules.can_edit_idea(user, idea, participation),
            "can_report_idea": rules.can_report_item(user, idea),
            "can_reply": context["can_contribute"]
            and idea.moderation == "published"
            and not idea.is_withdrawn,
            "supported": bool(_supported_ids(request.user, [idea])),
            "can_support": rules.can_support(request.user, idea, participation)
            and not idea.is_withdrawn,
            "comment_form": CommentForm() if context["can_contribute"] else None,
            "moderation_form": ModerationForm(auto_id="moderation_%s")
            if context["can_moderate"]
            else None,
            "answer_form": AnswerForm(
                auto_id="answer_%s",
                initial={"status": idea.answer_status or None, "reason": idea.answer},
            )
            if context["can_moderate"]
            else None,
        }
    )
    if failed:
        context.update(failed)
    return render(request, "initiatives/idea_detail.html", context, status=422 if failed else 200)


def _threads(comments: list[Comment]) -> list[tuple[Comment, list[Comment]]]:
    """The comments in order, each with its replies (one level)."""
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]


def _reported(user, idea: Idea, comments: list[Comment]) -> tuple[bool, set[int]]:
    """Whether this person reported the idea, and which of its comments (one query)."""
    if not user.is_authenticated:
        return False, set()
    rows = Report.objects.filter(reporter=user).filter(
        Q(idea=idea) | Q(comment__in=[c.pk for c in comments])
    )
    pairs = list(rows.values_list("idea_id", "comment_id"))
    return any(idea_id for idea_id, _c in pairs), {c for _i, c in pairs if c}


@require_GET
def idea_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _render_idea(request, slug, pk)


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The author changes their idea (the previous version is kept for the editors)."""
    initiative = _participation_initiative(request, slug)
    context = _participation_context(request, initiative)
    idea = get_idea_for_user(request.user, initiative, pk)
    if not rules.can_edit_idea(request.user, idea, context["participation"]):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = IdeaForm(data, instance=idea, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        # the form wrote the new values onto ``idea``: the service reads the stored ones
        services.edit_idea(
            author=request.user,
            idea=Idea(pk=idea.pk),
            participation=context["participation"],
            **{name: form.cleaned_data[name] for name in ("title", "body", "district")},
        )
        messages.success(request, _("Deine Änderungen sind gespeichert."))
        return redirect(idea)
    context.update({"idea": idea, "form": form})
    status = 422 if form.is_bound else 200
    return render(request, "initiatives/idea_edit.html", context, status=status)


@login_required
@require_POST
def idea_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _participation_initiative(request, slug)
    context = _participation_context(request, initiative)
    idea = get_idea_for_user(request.user, initiative, pk)
    services.withdraw_idea(author=request.user, idea=idea, participation=context["participation"])
    messages.success(request, _("Du hast deine Idee zurückgezogen."))
    return redirect(idea)


def _own_comment(request: HttpRequest, slug: str, pk: int):
    initiative = _participation_initiative(request, slug)
    context = _participation_context(request, initiative)
    comment = get_comment_for_user(request.user, initiative, pk)
    comment.idea.initiative = initiative
    if not rules.can_edit_comment(request.user, comment, context["participation"]):
        raise PermissionDenied
    return comment, context


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    comment, context = _own_comment(request, slug, pk)
    data = request.POST if request.method == "POST" else None
    form = CommentForm(data, instance=Comment(body=comment.body))
    if request.method == "POST" and form.is_valid():
        services.edit_comment(
            author=request.user,
            comment=comment,
            body=form.cleaned_data["body"],
            participation=context["participation"],
        )
        messages.success(request, _("Dein Kommentar ist geändert."))
        return redirect(f"{comment.idea.get_absolute_url()}#kommentar-{comment.pk}")
    context.update({"comment": comment, "idea": comment.idea, "form": form})
    status = 422 if form.is_bound else 200
    return render(request, "initiatives/comment_edit.html", context, status=status)


@login_required
@require_POST
def comment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    comment, context = _own_comment(request, slug, pk)
    services.delete_comment(
        author=request.user, comment=comment, participation=context["participation"]
    )
    messages.success(request, _("Dein Kommentar ist gelöscht."))
    return redirect(f"{comment.idea.get_absolute_url()}#kommentar-{comment.pk}")


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    idea = get_idea_for_user(request.user, initiative, pk)
    participation = rules.participation_for(initiative)
    if not rules.can_contribute(request.user, participation):
        raise PermissionDenied
    replying = "parent" in request.POST
    parent_id = request.POST.get("parent", "")
    form = (
        ReplyForm(
            request.POST, auto_id=f"reply-{parent_id}-%s" if parent_id.isdigit() else "reply-%s"
        )
        if replying
        else CommentForm(request.POST)
    )
    parent = None
    if form.is_valid():
        if replying:
            parent = get_comment_for_user(request.user, initiative, form.cleaned_data["parent"])
            if parent.idea_id != idea.pk:
                raise Http404
        try:
            comment = services.post_comment(
                author=request.user,
                idea=idea,
                parent=parent,
                body=form.cleaned_data["body"],
                participation=participation,
            )
        except services.TooManyContributions:
            form.add_error(None, TOO_MANY)
        else:
            if comment.is_pending:
                messages.info(request, _("Danke! Dein Kommentar erscheint nach der Freigabe."))
            else:
                messages.success(request, _("Dein Kommentar ist veröffentlicht."))
            return redirect(f"{idea.get_absolute_url()}#kommentar-{comment.pk}")
    if replying:
        failed = {"reply_form": form, "reply_pk": form.cleaned_data.get("parent")}
        if not failed["reply_pk"]:
            raise Http404
        return _render_idea(request, slug, pk, failed=failed)
    return _render_idea(request, slug, pk, failed={"comment_form": form})


@login_required
@require_POST
def idea_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    idea = get_idea_for_user(request.user, initiative, pk)
    services.support_idea(user=request.user, idea=idea)
    messages.success(request, _("Du unterstützt die Idee „%(title)s“.") % {"title": idea.title})
    return redirect((request.POST.get("next") == "list" and initiative.get_ideas_url()) or idea)


@login_required
@require_POST
def idea_unsupport(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    idea = get_idea_for_user(request.user, initiative, pk)
    services.withdraw_support(user=request.user, idea=idea)
    messages.success(request, _("Du hast deine Unterstützung zurückgenommen."))
    return redirect((request.POST.get("next") == "list" and initiative.get_ideas_url()) or idea)


def _target_form_ids(form: str, kind: str, pk: int) -> dict:
    """The ids the idea page gives the report/moderation form of an idea or a comment."""
    if kind == "kommentar":
        return {"auto_id": f"{form}-comment-{pk}-%s"}
    return {"auto_id": f"{form}_%s"}


def _failed(form_name: str, kind: str, pk: int, form) -> dict:
    """The context of the idea page that shows a rejected report/moderation form."""
    if kind == "kommentar":
        return {f"comment_{form_name}_form": form, f"comment_{form_name}_pk": pk}
    return {f"{form_name}_form": form}


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """The „Melden“ page of an idea or a comment: the reason form (no JavaScript needed),
    or, for a second report by the same person, a kind note that one is enough."""
    initiative = get_initiative_for_user(request.user, slug)
    target, back = _target(request, initiative, kind, pk)
    if not rules.can_report_item(request.user, target):
        raise PermissionDenied
    back_url = back.get_absolute_url() + (f"#kommentar-{pk}" if kind == "kommentar" else "")
    already = services.has_reported(request.user, target)
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data) if not already else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            services.report_content(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"]
            )
        except services.TooManyContributions:
            form.add_error(None, TOO_MANY)
        except services.AlreadyReported:
            already, form = True, None
        else:
            messages.success(
                request, _("Danke für deine Meldung. Die Redaktion sieht sie sich an.")
            )
            return redirect(back_url)
    if already and request.method == "POST":
        messages.info(request, ALREADY_REPORTED)
        return redirect(back_url)
    context = {
        "initiative": initiative,
        "idea": back,
        "target": target,
        "kind": kind,
        "form": form,
        "already": already,
        "back_url": back_url,
    }
    status = 422 if form is not None and form.is_bound else 200
    return render(request, "initiatives/report.html", context, status=status)


@login_required
@require_POST
def moderate(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    if not rules.can_moderate(request.user, initiative):
        raise PermissionDenied
    target, back = _target(request, initiative, kind, pk)
    form = ModerationForm(request.POST, **_target_form_ids("moderation", kind, pk))
    if not form.is_valid():
        return _render_idea(request, slug, back.pk, failed=_failed("moderation", kind, pk, form))
    services.moderate(
        moderator=request.user,
        target=target,
        action=form.cleaned_data["action"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Die Moderation ist gespeichert."))
    return redirect(back)


@login_required
@require_POST
def idea_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = get_initiative_for_user(request.user, slug)
    if not rules.can_moderate(request.user, initiative):
        raise PermissionDenied
    idea = get_idea_for_user(request.user, initiative, pk)
    form = AnswerForm(request.POST, auto_id="answer_%s")
    if not form.is_valid():
        return _render_idea(request, slug, pk, failed={"answer_form": form})
    services.answer_idea(
        moderator=request.user,
        idea=idea,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, _("Die Antwort ist veröffentlicht."))
    return redirect(idea)
