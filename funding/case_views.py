"""The funding officer's pages: the queue of cases and one case page per application.

Staff pages of the portal (not admin views; see docs/decisions.md): the case page shows the
application, financing plan, attachments, the budget left in the call, the reviews per
criterion with comments, internal notes and messages, history, payments, payment requests
and the proof of use, and offers only the steps the state machine allows now, each on a
confirmation page that calls its service. Every page answers 404 to anyone who is not a
funding officer of the application's municipality; the staff MFA gate
(``civicportal.security.STAFF_PAGES``) covers them.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core.models import User
from funding import services
from funding.access import get_case, officer_cases, reviewer_candidates
from funding.formatting import euro
from funding.forms import (
    AmendmentForm,
    DecisionForm,
    InternalNoteForm,
    MessageForm,
    ReviewerSearchForm,
    StepForm,
)
from funding.letters import decision_pdf
from funding.models import (
    Application,
    Decision,
    PaymentRequest,
    Review,
    ReviewAssignment,
    Status,
)

# Steps whose confirmation asks for an amount, with what an empty field means.
AMOUNT_STEPS = {"approve", "record_payment", "request_repayment"}
# Steps taken elsewhere on the case page (the Bescheid has its own composition page).
OWN_PAGE_STEPS = {"send_agreement"}


@login_required
@require_GET
def case_queue(request: HttpRequest) -> HttpResponse:
    """The officer's start page: cases by what they wait for."""
    cases = officer_cases(request.user)
    if cases is None:
        raise Http404
    open_reviews = ReviewAssignment.objects.filter(
        application=OuterRef("pk"), conflict_of_interest=False, completed_at__isnull=True
    )
    open_requests = PaymentRequest.objects.filter(application=OuterRef("pk"), payment__isnull=True)
    rows = list(
        cases.select_related("call__programme", "organisation", "decision")
        .annotate(
            reviews_open=Exists(open_reviews),
            reviewers=Count(
                "review_assignments",
                filter=Q(review_assignments__conflict_of_interest=False),
                distinct=True,
            ),
            requests_open=Exists(open_requests),
        )
        .exclude(status__in=(Status.DRAFT, Status.CLOSED, Status.REJECTED))
        .order_by("submitted_at", "pk")
    )
    groups = {
        "new": [],
        "review": [],
        "mine": [],
        "proof": [],
    }
    for case in rows:
        if case.status in (Status.SUBMITTED, Status.RESUBMITTED):
            groups["new"].append(case)
        elif case.status == Status.IN_REVIEW and (case.reviews_open or not case.reviewers):
            groups["review"].append(case)
        elif case.status == Status.PROOF_DUE:
            groups["proof"].append(case)
        elif case.status in (Status.CHANGES_REQUESTED,):
            continue  # with the applicant
        elif case.status in (Status.AGREEMENT_SENT, Status.PAYING) and not case.requests_open:
            continue  # nothing to do until a Mittelabruf or the proof
        else:
            groups["mine"].append(case)
    sections = [
        ("neu", _("Neu eingegangen"), groups["new"]),
        ("gutachten", _("Wartet auf Begutachtung"), groups["review"]),
        ("bei-mir", _("Wartet auf mich"), groups["mine"]),
        ("nachweis", _("Verwendungsnachweis fällig"), groups["proof"]),
    ]
    return render(request, "funding/case_queue.html", {"sections": sections})


def _case_context(request: HttpRequest, application: Application, roles: set[str]) -> dict:
    call = application.call
    call_totals = type(call).objects.with_totals().get(pk=call.pk)
    criteria = list(call.programme.criteria.all())
    assignments = list(
        application.review_assignments.select_related("reviewer").prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("criterion"))
        )
    )
    for assignment in assignments:
        by_criterion = {review.criterion_id: review for review in assignment.reviews.all()}
        assignment.rows = [(criterion, by_criterion.get(criterion.pk)) for criterion in criteria]
    search = ReviewerSearchForm(request.GET or None)
    candidates = []
    if search.is_valid() and search.cleaned_data["gutachter"].strip():
        assigned = {a.reviewer_id for a in assignments}
        candidates = [
            user
            for user in reviewer_candidates(application, search.cleaned_data["gutachter"])
            if user.pk not in assigned
        ]
    actions = [
        action
        for action in services.available_actions(request.user, application, roles)
        if services.TRANSITIONS[action].role == services.OFFICER
    ]
    decision = getattr(application, "decision", None)
    timeline = sorted(
        [("status", change.at, change) for change in application.status_changes.all()]
        + [("message", message.created_at, message) for message in application.messages.all()],
        key=lambda entry: entry[1],
    )
    return {
        "application": application,
        "call": call_totals,
        "score": application.weighted_score,
        "items": list(application.budget_items.all()),
        "income_lines": list(application.income_lines.all()),
        "income_actuals": list(application.proof.income_actuals.select_related("income_line"))
        if hasattr(application, "proof")
        else [],
        "attachments": list(application.attachments.all()),
        "assignments": assignments,
        "criteria": criteria,
        "search": search,
        "candidates": candidates,
        "searched": search.is_bound,
        "notes": list(application.internal_notes.select_related("author")),
        "timeline": timeline,
        "payments": list(application.payments.all()),
        "payment_requests": list(application.payment_requests.select_related("payment")),
        "letters": list(application.letters.defer("pdf")),
        "decision": decision,
        "proof": getattr(application, "proof", None),
        "receipts": list(application.proof.receipts.select_related("budget_item"))
        if hasattr(application, "proof")
        else [],
        "suggested_repayment": services.suggested_repayment(application)
        if application.status == Status.PROOF_SUBMITTED
        else None,
        "actions": [(action, services.ACTION_LABELS[action]) for action in actions],
        "note_form": InternalNoteForm(),
        "message_form": MessageForm(),
        "can_compose": application.status == Status.APPROVED and decision is not None,
        "can_amend": application.status in services.LETTER_STATES and decision is not None,
        "paid": application.paid_total(),
    }


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_case(request.user, pk)
    return render(request, "funding/case.html", _case_context(request, application, roles))


def _amount_help(application: Application, action: str) -> str:
    if action == "approve":
        return _("Leer lassen für den beantragten Betrag (%(amount)s).") % {
            "amount": euro(application.requested_amount)
        }
    if action == "record_payment":
        open_amount = (application.approved_amount or Decimal("0")) - application.paid_total()
        return _("Leer lassen für den noch offenen Betrag (%(amount)s).") % {
            "amount": euro(open_amount)
        }
    return _("Leer lassen für den berechneten Betrag (%(amount)s).") % {
        "amount": euro(services.suggested_repayment(application))
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the state machine: confirmation page (GET), the service (POST)."""
    application, roles = get_case(request.user, pk)
    transition = services.TRANSITIONS.get(action)
    if transition is None or transition.role != services.OFFICER or action in OWN_PAGE_STEPS:
        raise Http404
    allowed = action in services.available_actions(request.user, application, roles)
    needs_amount = action in AMOUNT_STEPS
    form = StepForm(
        request.POST if request.method == "POST" else None,
        amount=needs_amount,
        amount_help=_amount_help(application, action) if needs_amount else "",
    )
    status = 200
    if request.method == "POST":
        status = 422
        if not allowed:
            form.add_error(
                None,
                _("„%(action)s“ ist im Status „%(status)s“ nicht möglich.")
                % {
                    "action": services.ACTION_LABELS[action],
                    "status": application.get_status_display(),
                },
            )
        elif form.is_valid():
            kwargs = {
                "application": application,
                "by": request.user,
                "note": form.cleaned_data["note"],
            }
            amount = form.cleaned_data.get("amount")
            if action == "approve":
                kwargs["amount"] = amount or application.requested_amount
            elif action == "record_payment":
                kwargs["amount"] = amount or (
                    (application.approved_amount or Decimal("0")) - application.paid_total()
                )
            elif action == "request_repayment" and amount:
                kwargs["amount"] = amount
            try:
                services.ACTIONS[action](**kwargs)
            except services.FundingError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Erledigt: %(action)s.") % {"action": services.ACTION_LABELS[action]}
                )
                return redirect("funding:case", pk=application.pk)
    call = type(application.call).objects.with_totals().get(pk=application.call_id)
    return render(
        request,
        "funding/case_step.html",
        {
            "application": application,
            "action": action,
            "label": services.ACTION_LABELS[action],
            "form": form,
            "allowed": allowed,
            "call": call,
            "score": application.weighted_score,
            "suggested_repayment": services.suggested_repayment(application)
            if action == "request_repayment"
            else None,
        },
        status=status,
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application, _roles = get_case(request.user, pk)
    reviewer_id = request.POST.get("reviewer", "")
    reviewer = (
        User.objects.filter(pk=int(reviewer_id), is_active=True).first()
        if reviewer_id.isdigit()
        else None
    )
    if reviewer is None:
        messages.error(request, _("Bitte wählen Sie eine Gutachter:in aus der Suche."))
        return redirect(f"{application.get_case_url()}#gutachten")
    try:
        services.assign_reviewer(application=application, reviewer=reviewer, by=request.user)
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s ist als Gutachter:in zugewiesen und benachrichtigt.")
            % {"name": reviewer.document_name or reviewer.email},
        )
    return redirect(f"{application.get_case_url()}#gutachten")


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_case(request.user, pk)
    form = InternalNoteForm(request.POST)
    if form.is_valid():
        services.add_internal_note(
            application=application, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Die interne Notiz ist gespeichert."))
        return redirect(f"{application.get_case_url()}#notizen")
    context = _case_context(request, application, roles)
    context["note_form"] = form
    return render(request, "funding/case.html", context, status=422)


@login_required
@require_POST
def case_message(request: HttpRequest, pk: int) -> HttpResponse:
    application, roles = get_case(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        services.send_message(
            application=application, by=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Die Nachricht ist an die Antragstellenden verschickt."))
        return redirect(f"{application.get_case_url()}#verlauf")
    context = _case_context(request, application, roles)
    context["message_form"] = form
    return render(request, "funding/case.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def case_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """Compose the Bescheid (approved) or an Änderungsbescheid (after issue); preview;
    issue (the stored PDF is made now and never again)."""
    application, _roles = get_case(request.user, pk)
    decision = get_object_or_404(Decision, application=application)
    amendment = application.status in services.LETTER_STATES
    if not amendment and application.status != Status.APPROVED:
        messages.info(request, _("Zu diesem Antrag kann gerade kein Bescheid verfasst werden."))
        return redirect(application.get_case_url())
    form = DecisionForm(request.POST or None, instance=decision, amendment=amendment)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                if amendment:
                    services.issue_amendment(
                        application=application,
                        by=request.user,
                        data=form.decision_data(),
                        amount=form.cleaned_data["amount"],
                    )
                    messages.success(request, _("Der Änderungsbescheid ist erlassen und versandt."))
                    return redirect(application.get_case_url() + "#bescheid")
                services.compose_decision(
                    application=application, by=request.user, data=form.decision_data()
                )
                if request.POST.get("action") == "issue":
                    services.send_agreement(application=application, by=request.user)
                    messages.success(
                        request, _("Der Zuwendungsbescheid ist erlassen und versandt.")
                    )
                    return redirect(application.get_case_url() + "#bescheid")
            except services.FundingError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Der Entwurf des Bescheids ist gespeichert."))
                return redirect("funding:case_decision", pk=application.pk)
    return render(
        request,
        "funding/case_decision.html",
        {"application": application, "decision": decision, "form": form, "amendment": amendment},
        status=status,
    )


@login_required
@require_GET
def case_decision_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The composed Bescheid as it would be issued, marked „Entwurf“ (never stored)."""
    application, _roles = get_case(request.user, pk)
    decision = get_object_or_404(Decision, application=application)
    pdf = decision_pdf(
        application, decision=decision, draft=True, number=application.letters.count() + 1
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="Entwurf-Bescheid-{application.reference or application.pk}.pdf"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_pay_request(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Pay a Mittelabruf (confirmation page, then the service)."""
    application, _roles = get_case(request.user, pk)
    payment_request = get_object_or_404(
        PaymentRequest, pk=request_pk, application=application, payment__isnull=True
    )
    error = ""
    if request.method == "POST":
        try:
            services.pay_request(payment_request=payment_request, by=request.user)
        except services.FundingError as refused:
            error = str(refused)
        else:
            messages.success(
                request,
                _("Der Mittelabruf über %(amount)s ist ausgezahlt.")
                % {"amount": euro(payment_request.amount)},
            )
            return redirect(application.get_case_url() + "#zahlungen")
    return render(
        request,
        "funding/case_pay.html",
        {
            "application": application,
            "payment_request": payment_request,
            "paid": application.paid_total(),
            "error": error,
        },
        status=422 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """An audited correction of the submitted application (the applicant is told)."""
    application, _roles = get_case(request.user, pk)
    if application.is_editable:
        messages.info(request, _("Diesen Antrag bearbeitet gerade die Organisation selbst."))
        return redirect(application.get_case_url())
    original = Application.objects.get(pk=application.pk)
    form = AmendmentForm(request.POST or None, instance=application)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.amend_application(
                    application=original,
                    by=request.user,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                )
            except services.FundingError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Die Änderung ist protokolliert und den Antragstellenden mitgeteilt."),
                )
                return redirect(application.get_case_url() + "#verlauf")
    return render(
        request,
        "funding/case_amend.html",
        {"application": original, "form": form},
        status=status,
    )
