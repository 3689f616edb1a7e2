"""Views of the volunteering part: thin; reads through QuerySet methods, writes through
services, input through forms and filtersets, objects through the access helpers."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core import fragments, search
from civicportal.core.ical import calendar_response
from civicportal.core.models import Municipality
from civicportal.core.paging import CAP, capped_page
from civicportal.core.params import PAGE, PAGE_RENAMES, renamed_query_parameters
from initiatives.models import Event
from organisations.access import get_managed_organisation, is_manager
from organisations.views import dashboard_response
from volunteering import services
from volunteering.access import (
    get_booking_for_resident,
    get_hours_entry_for_manager,
    get_opportunity_for_manager,
    get_shift_for_manager,
    get_signup_for_manager,
    get_signup_for_volunteer,
)
from volunteering.certificates import certificate_pdf
from volunteering.filters import RENAMED_PARAMETERS, OpportunityFilter
from volunteering.forms import (
    BookingForm,
    CertificateForm,
    DecisionForm,
    HoursForm,
    OpportunityForm,
    ParticipantMessageForm,
    ProfileForm,
    ShiftCancelForm,
    ShiftForm,
    SignupForm,
    VerifyForm,
)
from volunteering.ics import feed_ics, signup_ics
from volunteering.matching import matches_for, matching_state, profile_for_matching
from volunteering.models import (
    Booking,
    Certificate,
    ConsultationSlot,
    HoursEntry,
    Opportunity,
    Shift,
    Signup,
    VolunteerProfile,
)
from volunteering.personal_parts import AGE_CHOICES, asks_age

PAGE_SIZE = 20
TRAININGS_SHOWN = 3


def _error(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


# --- opportunities -----------------------------------------------------------------------------


@require_GET
@renamed_query_parameters({**RENAMED_PARAMETERS, **PAGE_RENAMES})
def opportunity_list(request: HttpRequest) -> HttpResponse:
    filterset = OpportunityFilter(request.GET or None, queryset=Opportunity.objects.published())
    filtered = filterset.qs
    text = filterset.searched
    # Capped count without the per-row annotations; the ordering lets PostgreSQL walk the
    # opportunity_listing index and stop after CAP + 1 rows (a search counts its matches
    # unranked, from the GIN index).
    count = (filtered.order_by().values("pk") if text else filtered)[: CAP + 1].count()
    page_obj = capped_page(filtered.for_listing(), request.GET.get(PAGE), PAGE_SIZE, total=count)
    suggestion = (
        search.suggest(text, [(Opportunity.objects.published(), "title")])
        if text and not count
        else ""
    )
    trainings = list(
        Event.objects.published().upcoming().trainings().order_by("starts_at")[:TRAININGS_SHOWN]
    )
    return render(
        request,
        "volunteering/list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "count": page_obj.count,
            "count_capped": page_obj.capped,
            "trainings": trainings,
            "suggestion": suggestion,
        },
    )


def _visible_opportunity(request: HttpRequest, slug: str) -> Opportunity:
    queryset = Opportunity.objects.select_related(
        "organisation", "municipality", "district", "initiative"
    ).prefetch_related("themes", "skills")
    opportunity = get_object_or_404(queryset, slug=slug)
    if not opportunity.is_published and not is_manager(request.user, opportunity.organisation_id):
        raise Http404
    return opportunity


@require_GET
def opportunity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _render_opportunity(request, _visible_opportunity(request, slug))


def _render_opportunity(
    request: HttpRequest, opportunity: Opportunity, *, failed: dict | None = None
) -> HttpResponse:
    """The opportunity page; after a rejected sign-up (``failed``: the bound form and the
    shift's pk) with the message typed and the error at it, status 422."""
    shifts = list(
        opportunity.shifts.active().filter(ends_at__gt=timezone.now()).order_by("starts_at")[:50]
    )
    my_signups = {}
    if request.user.is_authenticated:
        my_signups = {
            signup.shift_id: signup
            for signup in Signup.objects.filter(
                volunteer=request.user, shift__in=[shift.pk for shift in shifts]
            )
        }
    for shift in shifts:
        shift.my_signup = my_signups.get(shift.pk)
    return render(
        request,
        "volunteering/detail.html",
        {
            "opportunity": opportunity,
            "shifts": shifts,
            "places_left": sum(s.places_left for s in shifts if not s.has_started),
            "signup_form": SignupForm(),
            # the person's parts ({% personal %}; see volunteering.personal_parts)
            "asks_age": asks_age(request.user, opportunity),
            "age_choices": AGE_CHOICES,
            **(failed or {}),
        },
        status=422 if failed else 200,
    )


@login_required
@require_POST
def signup_create(request: HttpRequest, pk: int) -> HttpResponse:
    form = SignupForm(request.POST, auto_id=f"message-{pk}-%s")
    if not form.is_valid():
        shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=pk)
        opportunity = _visible_opportunity(request, shift.opportunity.slug)
        return _render_opportunity(
            request, opportunity, failed={"failed_form": form, "failed_shift": pk}
        )
    try:
        signup = services.sign_up(
            volunteer=request.user,
            shift=pk,
            message=form.cleaned_data["message"],
            age_band=form.cleaned_data["age_band"],
        )
    except Shift.DoesNotExist:
        raise Http404 from None
    except services.AgeRequired as error:
        shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=pk)
        opportunity = _visible_opportunity(request, shift.opportunity.slug)
        form.add_error("age_band", str(error))
        return _render_opportunity(
            request, opportunity, failed={"failed_form": form, "failed_shift": pk}
        )
    except services.VolunteeringError as error:
        shift = get_object_or_404(
            Shift.objects.select_related("opportunity"), pk=pk, opportunity__is_published=True
        )
        _error(request, error)
        return redirect(shift.opportunity.get_absolute_url())
    text = {
        Signup.Status.CONFIRMED: _(
            "Du bist angemeldet. Eine Bestätigung mit Kalendereintrag ist per E-Mail unterwegs."
        ),
        Signup.Status.PENDING: _(
            "Deine Bewerbung ist bei der Organisation. Sie meldet sich bei dir."
        ),
        Signup.Status.WAITLISTED: _(
            "Der Termin ist voll – du stehst auf der Warteliste und rückst automatisch "
            "nach, wenn ein Platz frei wird."
        ),
    }[signup.status]
    messages.success(request, text)
    return redirect(signup.shift.opportunity.get_absolute_url())


@login_required
@require_POST
def signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_signup_for_volunteer(request.user, pk)
    try:
        services.cancel_signup(signup=signup)
    except services.VolunteeringError as error:
        _error(request, error)
    else:
        messages.success(request, _("Du hast abgesagt. Danke, dass du Bescheid gibst."))
    return redirect("volunteering:mine")


@login_required
@require_GET
def signup_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_signup_for_volunteer(request.user, pk)
    return calendar_response(
        request, signup_ics(signup), filename="termin.ics", disposition="attachment"
    )


# --- profile and matches -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    profile = VolunteerProfile.objects.filter(user=request.user).first()
    if profile is None:
        profile = VolunteerProfile(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dein Profil ist gespeichert."))
        return redirect("volunteering:matches")
    return render(request, "volunteering/profile.html", {"form": form})


@login_required
@require_GET
def matches(request: HttpRequest) -> HttpResponse:
    state = matching_state(request.user)
    if state is None:
        messages.info(
            request, _("Erzähl uns kurz, was dich interessiert – dann zeigen wir dir Passendes.")
        )
        return redirect("volunteering:profile")
    # The list depends on public content and on the person's own state; a repeat visit
    # within PAGE_CACHE_SECONDS reuses it (civicportal.core.fragments).
    match_list = fragments.fragment(
        ("matches", *state),
        lambda: render_to_string(
            "volunteering/includes/match_list.html",
            {"matches": matches_for(profile_for_matching(request.user))},
            request=request,
        ),
    )
    return render(request, "volunteering/matches.html", {"match_list": match_list})


# --- my engagement -----------------------------------------------------------------------------


def _hours_by_year(user) -> list[dict]:
    rows = (
        HoursEntry.objects.filter(volunteer=user, status=HoursEntry.Status.CONFIRMED)
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(total=Sum("hours"))
        .order_by("-year")
    )
    return list(rows)


def _threshold(profile: VolunteerProfile | None, signups: list[Signup]) -> int:
    """The recognition threshold of the volunteer's municipality (profile first, else the
    municipality of their latest sign-up; 250 hours as in most German states)."""
    if profile and profile.municipality:
        return profile.municipality.recognition_hours_threshold
    for signup in signups:
        return signup.shift.opportunity.municipality.recognition_hours_threshold
    return 250


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return _render_mine(request)


def _render_mine(request: HttpRequest, *, hours_form: HoursForm | None = None) -> HttpResponse:
    """„Mein Engagement“; after a rejected hours entry with what was typed, status 422."""
    user = request.user
    signups = list(
        Signup.objects.filter(volunteer=user)
        .exclude(status=Signup.Status.CANCELLED)
        .with_waitlist_position()
        .select_related(
            "shift__opportunity__organisation", "shift__opportunity__municipality", "hours_entry"
        )
        .order_by("-shift__starts_at")[:100]
    )
    now = timezone.now()
    upcoming = sorted(
        (s for s in signups if s.shift.ends_at > now), key=lambda s: s.shift.starts_at
    )
    # Past engagement stays visible with its hours (not what never took place).
    past = [
        s for s in signups if s.shift.ends_at <= now and s.status not in (Signup.Status.WAITLISTED,)
    ]
    profile = VolunteerProfile.objects.filter(user=user).select_related("municipality").first()
    years = _hours_by_year(user)
    this_year = timezone.localdate().year
    current = next((row["total"] for row in years if row["year"] == this_year), Decimal("0"))
    threshold = _threshold(profile, signups)
    entries = list(
        HoursEntry.objects.filter(volunteer=user)
        .select_related("opportunity__organisation")
        .order_by("-date", "-id")[:50]
    )
    loggable = Opportunity.objects.filter(
        shifts__signups__volunteer=user,
        shifts__signups__status__in=[Signup.Status.CONFIRMED, Signup.Status.ATTENDED],
    ).distinct()
    certificates = list(Certificate.objects.filter(volunteer=user)[:10])
    feed_url = None
    if profile:
        feed_url = request.build_absolute_uri(f"/engagement/kalender/{profile.calendar_token}.ics")
    return render(
        request,
        "volunteering/mine.html",
        {
            "upcoming": upcoming,
            "past": past,
            "years": years,
            "this_year": this_year,
            "current_hours": current,
            "threshold": threshold,
            "progress": min(int(current * 100 / threshold), 100) if threshold else 0,
            "entries": entries,
            "hours_form": hours_form or HoursForm(opportunities=loggable),
            "can_log_hours": any(
                s.status in (Signup.Status.CONFIRMED, Signup.Status.ATTENDED) for s in signups
            ),
            "certificate_form": CertificateForm(years=[row["year"] for row in years]),
            "certificates": certificates,
            "feed_url": feed_url,
        },
        status=422 if hours_form is not None else 200,
    )


@login_required
@require_POST
def hours_log(request: HttpRequest) -> HttpResponse:
    loggable = Opportunity.objects.filter(
        shifts__signups__volunteer=request.user,
        shifts__signups__status__in=[Signup.Status.CONFIRMED, Signup.Status.ATTENDED],
    ).distinct()
    form = HoursForm(request.POST, opportunities=loggable)
    if form.is_valid():
        try:
            services.log_hours(
                volunteer=request.user,
                opportunity=form.cleaned_data["opportunity"],
                day=form.cleaned_data["date"],
                hours=form.cleaned_data["hours"],
                description=form.cleaned_data["description"],
            )
        except services.VolunteeringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Deine Stunden sind eingetragen. Die Organisation bestätigt sie.")
            )
            return redirect("volunteering:mine")
    return _render_mine(request, hours_form=form)


@login_required
@require_POST
def certificate_issue(request: HttpRequest) -> HttpResponse:
    years = [row["year"] for row in _hours_by_year(request.user)]
    form = CertificateForm(request.POST, years=years)
    if not form.is_valid():
        messages.error(request, _("Für dieses Jahr gibt es keine bestätigten Stunden."))
        return redirect("volunteering:mine")
    try:
        certificate = services.issue_certificate(
            volunteer=request.user, year=form.cleaned_data["year"]
        )
    except services.VolunteeringError as error:
        _error(request, error)
        return redirect("volunteering:mine")
    messages.success(request, _("Dein Ehrenamtsnachweis ist erstellt."))
    return redirect("volunteering:certificate_pdf", code=certificate.code)


@login_required
@require_GET
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate, code=code, volunteer=request.user)
    profile = VolunteerProfile.objects.filter(user=request.user).select_related("municipality")
    profile = profile.first()
    threshold = (
        profile.municipality.recognition_hours_threshold
        if profile and profile.municipality
        else None
    )
    response = HttpResponse(
        certificate_pdf(certificate, threshold=threshold), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ehrenamtsnachweis-{certificate.year}.pdf"'
    )
    return response


@require_GET
def certificate_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    certificate = None
    checked = False
    if form.is_valid():
        checked = True
        code = form.cleaned_data["code"].strip().upper()
        certificate = Certificate.objects.filter(code=code).first()
    return render(
        request,
        "volunteering/verify.html",
        {"form": form, "certificate": certificate, "checked": checked},
    )


@require_GET
def certificate_verify_code(request: HttpRequest, code: str) -> HttpResponse:
    certificate = Certificate.objects.filter(code=code.strip().upper()).first()
    return render(
        request,
        "volunteering/verify.html",
        {"form": VerifyForm(initial={"code": code}), "certificate": certificate, "checked": True},
        status=200 if certificate else 404,
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    profile = get_object_or_404(VolunteerProfile, calendar_token=token)
    signups = (
        Signup.objects.filter(
            volunteer_id=profile.user_id,
            status__in=[Signup.Status.CONFIRMED, Signup.Status.ATTENDED],
            shift__ends_at__gte=timezone.now() - timezone.timedelta(days=90),
        )
        .select_related("shift__opportunity__organisation")
        .order_by("shift__starts_at")[:500]
    )
    # Calendar clients poll: a 304 when nothing changed (civicportal.core.ical).
    response = calendar_response(request, feed_ics(signups), filename="engagement.ics")
    response["Cache-Control"] = "private, max-age=900"
    return response


@require_GET
def trainings(request: HttpRequest) -> HttpResponse:
    events = list(
        Event.objects.published()
        .upcoming()
        .trainings()
        .select_related("municipality")
        .order_by("starts_at")[:50]
    )
    return render(request, "volunteering/trainings.html", {"events": events})


# --- consultation ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consultation(request: HttpRequest) -> HttpResponse:
    form = BookingForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/konto/login/?next={request.path}")
        slot_id = request.POST.get("slot", "")
        slot = get_object_or_404(
            ConsultationSlot, pk=int(slot_id) if slot_id.isdigit() else 0, is_published=True
        )
        if form.is_valid():
            try:
                services.book_consultation(
                    resident=request.user,
                    slot=slot,
                    topic=form.cleaned_data["topic"],
                    phone=form.cleaned_data["phone"],
                )
            except services.VolunteeringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Dein Beratungstermin ist gebucht. Die Bestätigung kommt per E-Mail."),
                )
                return redirect("volunteering:consultation")
    free = ConsultationSlot.objects.filter(
        is_published=True, is_booked=False, starts_at__gt=timezone.now()
    )
    # Each agency offers its own slots: the person's municipality first (chosen, else
    # from the profile), and every slot names its municipality.
    municipalities = list(
        Municipality.objects.filter(pk__in=free.values("municipality")).order_by("name")
    )
    chosen = request.GET.get("kommune", "")  # a slug, "alle", or none: the profile's
    if not chosen and request.user.is_authenticated:
        profile = VolunteerProfile.objects.filter(user=request.user).first()
        if profile and profile.municipality_id:
            chosen = next((m.slug for m in municipalities if m.pk == profile.municipality_id), "")
    municipality = next((m for m in municipalities if m.slug == chosen), None)
    if municipality is not None:
        free = free.filter(municipality=municipality)
    slots = list(free.select_related("municipality").order_by("starts_at")[:30])
    bookings = []
    if request.user.is_authenticated:
        bookings = list(
            Booking.objects.filter(
                resident=request.user,
                status=Booking.Status.BOOKED,
                slot__starts_at__gt=timezone.now(),
            ).select_related("slot__municipality")
        )
    return render(
        request,
        "volunteering/consultation.html",
        {
            "slots": slots,
            "municipalities": municipalities,
            "municipality": municipality,
            "bookings": bookings,
            "form": form,
            # After a rejected booking the slot chosen stays chosen (not the first one).
            "chosen_slot": int(request.POST["slot"])
            if request.POST.get("slot", "").isdigit()
            else None,
        },
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_resident(request.user, pk)
    try:
        services.cancel_booking(booking=booking)
    except services.VolunteeringError as error:
        _error(request, error)
    else:
        messages.success(request, _("Dein Beratungstermin ist abgesagt."))
    return redirect("volunteering:consultation")


# --- organisation members' actions (their pages: organisations) ---------------------------


@login_required
@require_POST
def signup_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in {"annehmen", "ablehnen"}:
        raise Http404
    signup = get_signup_for_manager(request.user, pk)
    form = DecisionForm(request.POST, auto_id=f"response-{pk}-%s")
    if not form.is_valid():
        organisation = signup.shift.opportunity.organisation
        return dashboard_response(
            request, organisation, failed={"failed_form": form, "failed_signup": signup.pk}
        )
    response = form.cleaned_data["response"]
    try:
        if decision == "annehmen":
            services.approve_signup(signup=signup, response=response)
            messages.success(request, _("Die Bewerbung ist angenommen."))
        else:
            services.decline_signup(signup=signup, response=response)
            messages.success(request, _("Die Bewerbung ist abgelehnt."))
    except services.VolunteeringError as error:
        _error(request, error)
    return redirect("organisations:detail", slug=signup.shift.opportunity.organisation.slug)


@login_required
@require_POST
def signup_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    signup = get_signup_for_manager(request.user, pk)
    attended = request.POST.get("attended") == "1"
    try:
        services.mark_attendance(signup=signup, attended=attended, by=request.user)
    except services.VolunteeringError as error:
        _error(request, error)
    else:
        messages.success(request, _("Die Anwesenheit ist eingetragen."))
    return redirect("organisations:detail", slug=signup.shift.opportunity.organisation.slug)


@login_required
@require_POST
def hours_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_hours_entry_for_manager(request.user, pk)
    try:
        services.decide_hours(
            entry=entry, confirm=request.POST.get("confirm") == "1", by=request.user
        )
    except services.VolunteeringError as error:
        _error(request, error)
    else:
        messages.success(request, _("Die Stunden sind bearbeitet."))
    return redirect("organisations:detail", slug=entry.opportunity.organisation.slug)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_managed_organisation(request.user, slug)
    form = OpportunityForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        opportunity = services.create_opportunity(
            organisation=organisation,
            opportunity=form.save(commit=False),
            themes=form.cleaned_data["themes"],
            skills=form.cleaned_data["skills"],
        )
        messages.success(
            request,
            _(
                "Das Angebot ist angelegt. Füge jetzt Termine hinzu; danach kannst du es "
                "veröffentlichen."
            ),
        )
        return redirect(_shift_form_url(opportunity))
    return render(
        request,
        "organisations/opportunity_form.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = get_opportunity_for_manager(request.user, slug)
    organisation = opportunity.organisation
    form = OpportunityForm(request.POST or None, instance=opportunity, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_opportunity(
            opportunity=form.save(commit=False),
            themes=form.cleaned_data["themes"],
            skills=form.cleaned_data["skills"],
        )
        messages.success(request, _("Das Angebot ist gespeichert."))
        return redirect("organisations:detail", slug=organisation.slug)
    return render(
        request,
        "organisations/opportunity_form.html",
        {"form": form, "organisation": organisation, "opportunity": opportunity},
    )


@login_required
@require_POST
def shift_create(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = get_opportunity_for_manager(request.user, slug)
    form = ShiftForm(request.POST, auto_id=f"shift-{opportunity.pk}-%s")
    if not form.is_valid():
        organisation = opportunity.organisation
        return dashboard_response(
            request,
            organisation,
            failed={"failed_form": form, "failed_opportunity": opportunity.pk},
        )
    services.add_shift(
        opportunity=opportunity,
        starts_at=form.cleaned_data["starts_at"],
        ends_at=form.cleaned_data["ends_at"],
        capacity=form.cleaned_data["capacity"],
        place=form.cleaned_data["place"],
    )
    messages.success(request, _("Der Termin ist angelegt."))
    return redirect(_opportunity_on_dashboard(opportunity))


def _opportunity_on_dashboard(opportunity: Opportunity) -> str:
    slug = opportunity.organisation.slug
    return f"{reverse('organisations:detail', kwargs={'slug': slug})}#opp-{opportunity.pk}"


def _shift_form_url(opportunity: Opportunity) -> str:
    """The dashboard with the new-shift form of ``opportunity`` opened."""
    slug = opportunity.organisation.slug
    return (
        f"{reverse('organisations:detail', kwargs={'slug': slug})}"
        f"?{urlencode({'termin': opportunity.pk})}#termin-{opportunity.pk}"
    )


@login_required
@require_POST
def shift_edit(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_shift_for_manager(request.user, pk)
    opportunity = shift.opportunity
    form = ShiftForm(request.POST, auto_id=f"edit-{shift.pk}-%s")
    if form.is_valid():
        try:
            promoted = services.edit_shift(
                shift=shift,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                capacity=form.cleaned_data["capacity"],
                place=form.cleaned_data["place"],
                note=shift.note,
            )
        except services.VolunteeringError as error:
            form.add_error(None, str(error))
        else:
            text = _("Der Termin ist geändert. Die Angemeldeten bekommen eine E-Mail.")
            if promoted:
                text += " " + ngettext(
                    "%(count)d Person ist von der Warteliste nachgerückt.",
                    "%(count)d Personen sind von der Warteliste nachgerückt.",
                    len(promoted),
                ) % {"count": len(promoted)}
            messages.success(request, text)
            return redirect(_opportunity_on_dashboard(opportunity))
    return dashboard_response(
        request, opportunity.organisation, failed={"failed_form": form, "failed_edit": shift.pk}
    )


@login_required
@require_POST
def shift_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_shift_for_manager(request.user, pk)
    opportunity = shift.opportunity
    form = ShiftCancelForm(request.POST, auto_id=f"cancel-{shift.pk}-%s")
    if form.is_valid():
        try:
            cancelled = services.cancel_shift(shift=shift, reason=form.cleaned_data["reason"])
        except services.VolunteeringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Der Termin ist abgesagt. %(count)d angemeldete Person bekommt eine E-Mail.",
                    "Der Termin ist abgesagt. %(count)d angemeldete Personen bekommen eine E-Mail.",
                    len(cancelled),
                )
                % {"count": len(cancelled)},
            )
            return redirect(_opportunity_on_dashboard(opportunity))
    return dashboard_response(
        request, opportunity.organisation, failed={"failed_form": form, "failed_cancel": shift.pk}
    )


@login_required
@require_POST
def participants_message(request: HttpRequest, slug: str) -> HttpResponse:
    """A message to the participants of one shift (``shift`` in the form) or of all
    future shifts of the opportunity."""
    opportunity = get_opportunity_for_manager(request.user, slug)
    shift = None
    shift_id = request.POST.get("shift", "")
    if shift_id:
        shift = get_shift_for_manager(request.user, int(shift_id) if shift_id.isdigit() else 0)
        if shift.opportunity_id != opportunity.pk:
            raise Http404
    target = f"shift-{shift.pk}" if shift else f"opp-{opportunity.pk}"
    form = ParticipantMessageForm(request.POST, auto_id=f"message-{target}-%s")
    if form.is_valid():
        try:
            count = services.message_participants(
                opportunity=opportunity,
                shift=shift,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except services.VolunteeringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Die Nachricht geht an %(count)d Person.",
                    "Die Nachricht geht an %(count)d Personen.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_opportunity_on_dashboard(opportunity))
    return dashboard_response(
        request, opportunity.organisation, failed={"failed_form": form, "failed_message": target}
    )


@login_required
@require_POST
def opportunity_close(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = get_opportunity_for_manager(request.user, slug)
    closed = request.POST.get("closed") != "0"
    services.set_opportunity_closed(opportunity=opportunity, closed=closed)
    messages.success(
        request,
        _("Das Angebot ist geschlossen: neue Anmeldungen sind nicht mehr möglich.")
        if closed
        else _("Das Angebot ist wieder offen für Anmeldungen."),
    )
    return redirect(_opportunity_on_dashboard(opportunity))


@login_required
@require_POST
def opportunity_publish(request: HttpRequest, slug: str) -> HttpResponse:
    opportunity = get_opportunity_for_manager(request.user, slug)
    try:
        services.publish_opportunity(opportunity=opportunity)
    except services.VolunteeringError as error:
        _error(request, error)
    else:
        messages.success(request, _("Das Angebot ist veröffentlicht."))
    return redirect(_opportunity_on_dashboard(opportunity))
