"""Views of the funding part: thin; reads through QuerySet methods, changes through
``funding.services``."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicportal.core import search
from civicportal.core.documents import person_language
from civicportal.core.models import Organisation
from civicportal.core.paging import CappedPage, last_page, page_number
from civicportal.core.params import PAGE, PAGE_RENAMES, renamed_query_parameters
from civicportal.core.text import csv_safe
from civicportal.core.uploads import limit_upload_size
from funding import services
from funding.access import (
    get_application_for_member,
    get_application_for_viewer,
    get_application_with_roles,
    get_assignment_for_reviewer,
)
from funding.filters import RENAMED_PARAMETERS, FundedProjectFilter
from funding.formatting import euro
from funding.forms import (
    MAX_ATTACHMENT_BYTES,
    ApplicationForm,
    AttachmentForm,
    BudgetItemFormSet,
    ConflictForm,
    IncomeLineFormSet,
    NoteForm,
    PaymentRequestForm,
    ProofForm,
    ReceiptForm,
    ReviewForm,
)
from funding.letters import confirmation_pdf
from funding.models import (
    ActualCost,
    ApplicantMessage,
    Application,
    Attachment,
    BudgetItem,
    Call,
    IncomeLine,
    IssuedLetter,
    Payment,
    Programme,
    ProofOfUse,
    ReviewAssignment,
    Status,
)

PAGE_SIZE = 50
MAX_ATTACHMENTS = 20


def _calls():
    return Call.objects.published().with_totals().open_first()


# --- public pages --------------------------------------------------------------------------------


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_calls = Call.objects.published().open_at(now).filter(programme=OuterRef("pk"))
    programmes = (
        Programme.objects.published()
        .select_related("municipality", "office")
        .annotate(has_open=Exists(open_calls))
        .prefetch_related(Prefetch("calls", queryset=_calls(), to_attr="listed_calls"))
        .order_by("-has_open", "municipality__name", "title")
    )
    return render(request, "funding/programmes.html", {"programmes": programmes, "now": now})


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.published().select_related("municipality", "office"), slug=slug
    )
    calls = list(_calls().filter(programme=programme))
    for call in calls:
        call.programme = programme  # links and titles without a query per call
    criteria = list(programme.criteria.all())
    awarded = list(
        Application.objects.funded_public()
        .filter(call__programme=programme)
        .select_related("organisation", "call")
        .order_by("-call__year", "title")[:12]
    )
    return render(
        request,
        "funding/programme.html",
        {"programme": programme, "calls": calls, "criteria": criteria, "awarded": awarded},
    )


@require_GET
def call_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    call = get_object_or_404(
        _calls().select_related("programme__municipality", "programme__office"),
        pk=pk,
        programme__slug=slug,
    )
    can_apply = (
        request.user.is_authenticated
        and call.closes_at > timezone.now()
        and Organisation.objects.for_member(request.user)
        .filter(municipality_id=call.programme.municipality_id)
        .exists()
    )
    return render(request, "funding/call.html", {"call": call, "can_apply": can_apply})


def _funded(request: HttpRequest) -> FundedProjectFilter:
    queryset = (
        Application.objects.funded_public().for_listing().order_by("-call__year", "title", "pk")
    )
    return FundedProjectFilter(request.GET or None, queryset=queryset)


@require_GET
@renamed_query_parameters({**RENAMED_PARAMETERS, **PAGE_RENAMES})
def funded_list(request: HttpRequest) -> HttpResponse:
    filterset = _funded(request)
    projects = filterset.qs
    totals = projects.totals_by_year()
    # The totals count the rows per year: the pager needs no COUNT(*), and the page's ids
    # are read per year in title order (narrow index rows), then the page's 50 projects
    # with their relations.
    total = sum(row["count"] for row in totals)
    number = page_number(request.GET.get(PAGE), last=last_page(total, PAGE_SIZE, cap=None))
    offset = (number - 1) * PAGE_SIZE
    text = filterset.searched
    if text:
        # a search: the best hits first (the ranking of /suche/)
        ids = list(projects.values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
    else:
        ids = projects.ids_by_year_and_title(
            [(row["call__year"], row["count"]) for row in totals],
            offset=offset,
            limit=PAGE_SIZE,
        )
    rows = Application.objects.for_public_list().order_by().in_bulk(ids)
    page_obj = CappedPage.of(
        [rows[pk] for pk in ids if pk in rows],
        number=number,
        per_page=PAGE_SIZE,
        total=total,
        cap=None,
    )
    suggestion = (
        search.suggest(text, [(Application.objects.funded_public(), "title")])
        if text and not total
        else ""
    )
    return render(
        request,
        "funding/funded_list.html",
        {"filter": filterset, "page_obj": page_obj, "totals": totals, "suggestion": suggestion},
    )


@require_GET
@renamed_query_parameters(RENAMED_PARAMETERS)
def funded_csv(request: HttpRequest) -> HttpResponse:
    filterset = _funded(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="gefoerderte-projekte.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Jahr"),
            _("Programm"),
            _("Kommune"),
            _("Aktenzeichen"),
            _("Projekt"),
            _("Organisation"),
            _("Betrag (€)"),
            _("Initiative"),
            _("Beispiel"),
        ]
    )
    for project in filterset.qs.iterator(chunk_size=500):
        writer.writerow(
            csv_safe(cell)
            for cell in [
                project.call.year,
                project.call.programme.title,
                project.call.programme.municipality.name,
                project.reference or "",
                project.title,
                project.organisation.name,
                f"{project.approved_amount or 0:.2f}".replace(".", ","),
                project.initiative.title if project.initiative else "",
                _("ja") if project.is_example else _("nein"),
            ]
        )
    return response


# --- applicant side ------------------------------------------------------------------------------


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = list(
        Application.objects.for_member(request.user)
        .select_related("call__programme", "organisation")
        .order_by("-updated_at")
    )
    organisations = Organisation.objects.for_member(request.user).values("municipality_id")
    calls = list(
        Call.objects.published()
        .filter(closes_at__gt=timezone.now(), programme__municipality_id__in=organisations)
        .select_related("programme")
        .order_by("closes_at")
    )
    return render(
        request, "funding/my_applications.html", {"applications": applications, "calls": calls}
    )


def _application_form(request, *, call: Call, application: Application | None):
    instance = application or Application(call=call)
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=instance, user=request.user, call=call)
        formset = BudgetItemFormSet(request.POST, instance=instance, prefix="plan")
        income = IncomeLineFormSet(request.POST, instance=instance, prefix="income")
        if all([form.is_valid(), formset.is_valid(), income.is_valid()]):
            data = {**form.cleaned_data}
            try:
                application = services.save_draft(
                    by=request.user,
                    data=data,
                    plan=formset.plan_lines(),
                    income=income.income_lines(),
                    call=call if application is None else None,
                    application=application,
                )
            except services.FundingError as error:
                for message in error.messages:
                    form.add_error(None, message)
                return _render_form(request, form, formset, income, call, application)
            if request.POST.get("action") != "submit":
                messages.success(request, _("Dein Entwurf ist gespeichert."))
                return redirect("funding:application_edit", pk=application.pk)
            try:
                if application.status == Status.CHANGES_REQUESTED:
                    services.resubmit(application=application, by=request.user)
                else:
                    services.submit(application=application, by=request.user)
            except services.FundingError as error:
                application.refresh_from_db()
                form = ApplicationForm(
                    request.POST, instance=application, user=request.user, call=call
                )
                form.is_valid()
                for field, message in error.problems:
                    form.add_error(field if field in form.fields else None, message)
                formset = BudgetItemFormSet(instance=application, prefix="plan")
                income = IncomeLineFormSet(instance=application, prefix="income")
                messages.warning(
                    request,
                    _("Dein Entwurf ist gespeichert, aber noch nicht eingereicht."),
                )
                return _render_form(request, form, formset, income, call, application, status=200)
            application.refresh_from_db()
            messages.success(
                request,
                _("Dein Antrag ist eingereicht. Aktenzeichen: %(reference)s")
                % {"reference": application.reference},
            )
            return redirect("funding:application", pk=application.pk)
    else:
        form = ApplicationForm(instance=instance, user=request.user, call=call)
        formset = BudgetItemFormSet(instance=instance, prefix="plan")
        income = IncomeLineFormSet(instance=instance, prefix="income")
    status = 422 if request.method == "POST" else 200
    return _render_form(request, form, formset, income, call, application, status=status)


def _render_form(request, form, formset, income, call, application, status=200):
    return render(
        request,
        "funding/application_form.html",
        {
            "form": form,
            "formset": formset,
            "income_formset": income,
            "call": call,
            "application": application,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, call_pk: int) -> HttpResponse:
    call = get_object_or_404(
        Call.objects.published().select_related("programme__municipality"), pk=call_pk
    )
    if call.closes_at <= timezone.now():
        messages.error(request, _("Dieser Aufruf ist geschlossen."))
        return redirect(call.get_absolute_url())
    return _application_form(request, call=call, application=None)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_member(request.user, pk)
    if not application.is_editable:
        messages.info(request, _("Dieser Antrag kann nicht mehr bearbeitet werden."))
        return redirect(application.get_absolute_url())
    return _application_form(request, call=application.call, application=application)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_application(request, pk)


def _render_application(request: HttpRequest, pk: int, failed: dict | None = None):
    """The application page; after a rejected line review (``failed``: the bound note form
    and the line's pk) with the note typed and the error at it, status 422."""
    application, roles = get_application_with_roles(request.user, pk)
    is_staff_viewer = bool(roles & {services.OFFICER, services.REVIEWER})
    items, proof = _plan_and_proof(application)
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            "is_member": services.APPLICANT in roles,
            "is_staff_viewer": is_staff_viewer,
            "score": application.weighted_score if services.OFFICER in roles else None,
            "items": items,
            "income_lines": _income_lines(application),
            "attachments": [
                Attachment(
                    pk=row["id"],
                    application_id=application.pk,
                    original_name=row["original_name"],
                    size=row["size"],
                )
                for row in application.attachment_rows
            ],
            "changes": list(application.status_changes.select_related("by")),
            "payments": [
                Payment(
                    application_id=application.pk,
                    number=row["number"],
                    amount=Decimal(row["amount"]),
                    paid_on=datetime.date.fromisoformat(row["paid_on"]),
                )
                for row in application.payment_rows
            ],
            "actions": services.available_actions(request.user, application, roles),
            "attachment_form": AttachmentForm(),
            "letters": [
                IssuedLetter(
                    application_id=application.pk,
                    number=row["number"],
                    kind=row["kind"],
                    amount=Decimal(row["amount"]),
                    issued_at=datetime.datetime.fromisoformat(row["issued_at"]),
                )
                for row in application.letter_rows
            ],
            "applicant_messages": [
                ApplicantMessage(
                    text=row["text"],
                    created_at=datetime.datetime.fromisoformat(row["created_at"]),
                )
                for row in application.message_rows
            ],
            "payment_requests": [
                {
                    "amount": Decimal(row["amount"]),
                    "requested_at": datetime.datetime.fromisoformat(row["requested_at"]),
                    "paid": row["payment_id"] is not None,
                }
                for row in application.request_rows
            ],
            "payment_request_form": PaymentRequestForm()
            if application.status in services.PAYABLE
            else None,
            "is_officer": services.OFFICER in roles,
            "proof": proof,
            "can_review_proof": services.OFFICER in roles
            and application.status == Status.PROOF_SUBMITTED,
            "note_form": NoteForm(),
            **(failed or {}),
        },
        status=422 if failed else 200,
    )


def _income_lines(application: Application) -> list[IncomeLine]:
    """The income lines from the page's main query (``income_rows``), each with
    ``actual_amount`` once a proof states it."""
    lines = []
    for row in application.income_rows:
        line = IncomeLine(
            application_id=application.pk,
            kind=row["kind"],
            description=row["description"],
            funder=row["funder"],
            funder_status=row["funder_status"],
            amount=Decimal(row["amount"]),
        )
        line.actual_amount = Decimal(row["actual"]) if row["actual"] is not None else None
        lines.append(line)
    return lines


PROOF_STATES = (
    Status.PROOF_SUBMITTED,
    Status.PROOF_DUE,
    Status.CLOSED,
    Status.REPAYMENT_REQUESTED,
)


def _plan_and_proof(application: Application) -> tuple[list, ProofOfUse | None]:
    """The plan lines and, once submitted, the proof of use (``application.proof``, joined
    in the page's main query) with ``listed_lines``: one query, each plan line with its
    actual cost."""
    items = list(
        BudgetItem.objects.filter(application=application)
        # One proof per application, one actual cost per plan line: a plain LEFT JOIN.
        .annotate(
            actual_id=F("actual_costs__id"),
            actual_amount=F("actual_costs__amount"),
            actual_status=F("actual_costs__line_status"),
            actual_note=F("actual_costs__officer_note"),
        )
        .order_by("pk")
    )
    proof = getattr(application, "proof", None)
    if (
        application.status not in PROOF_STATES
        or proof is None
        or proof.submitted_at is None
        or not any(item.actual_id for item in items)
    ):
        return items, None
    proof.listed_lines = [
        ActualCost(
            pk=item.actual_id,
            proof=proof,
            budget_item=item,
            amount=item.actual_amount,
            line_status=item.actual_status,
            officer_note=item.actual_note,
        )
        for item in items
        if item.actual_id
    ]
    return items, proof


@login_required
@require_POST
def proof_line_review(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    """The officer accepts or queries one deviating line of a submitted proof."""
    application = get_application_for_viewer(request.user, pk)
    item = get_object_or_404(ActualCost, pk=line, proof__application=application)
    form = NoteForm(request.POST, auto_id=f"line-note-{item.pk}-%s")
    if form.is_valid():
        try:
            services.review_proof_line(
                line=item,
                by=request.user,
                accept=request.POST.get("decision") == "accept",
                note=form.cleaned_data["note"],
            )
        except services.FundingError as error:
            for message in error.messages:
                form.add_error("note", message)
        else:
            messages.success(request, _("Die Prüfung der Position ist gespeichert."))
            return redirect(application.get_absolute_url() + "#nachweis")
    return _render_application(request, pk, {"failed_form": form, "failed_line": item.pk})


APPLICANT_ACTIONS = {"submit", "resubmit", "submit_proof"}


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in APPLICANT_ACTIONS:
        raise Http404
    application = get_application_for_member(request.user, pk)
    try:
        services.ACTIONS[action](application=application, by=request.user)
    except services.FundingError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Erledigt: %(action)s.") % {"action": services.ACTION_LABELS[action]}
        )
    return redirect(application.get_absolute_url())


@limit_upload_size(MAX_ATTACHMENT_BYTES)
@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_member(request.user, pk)
    if getattr(request, "upload_too_large", False):
        messages.error(request, _("Die Datei ist größer als 10 MB."))
        return redirect(application.get_absolute_url())
    form = AttachmentForm(request.POST, request.FILES)
    if application.status in (Status.CLOSED, Status.REJECTED):
        messages.error(request, _("Zu diesem Antrag können keine Anlagen mehr hochgeladen werden."))
    elif application.attachments.count() >= MAX_ATTACHMENTS:
        messages.error(
            request,
            _("Ein Antrag kann höchstens %(max)d Anlagen haben.") % {"max": MAX_ATTACHMENTS},
        )
    elif form.is_valid():
        upload = form.cleaned_data["file"]
        attachment = Attachment(
            application=application,
            original_name=form.safe_name,
            content_type=form.content_type,
            size=upload.size,
            uploaded_by=request.user,
        )
        attachment.file.save("upload", upload, save=False)
        attachment.save()
        messages.success(request, _("Die Anlage ist hochgeladen."))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect(application.get_absolute_url())


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    application = get_application_for_viewer(request.user, pk)
    item = get_object_or_404(Attachment, pk=attachment, application=application)
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


def _letter_response(letter: IssuedLetter) -> HttpResponse:
    """The letter as issued: the German original, or for a reader of the English portal
    the English translation made at the same moment."""
    english = person_language() == "en" and letter.translation_pdf
    pdf = bytes(letter.translation_pdf if english else letter.pdf)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.filename}"'
    if not english:
        response["X-Checksum-SHA256"] = letter.sha256
    return response


@login_required
@require_GET
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest issued Bescheid, byte for byte as issued (404 before it is issued)."""
    application = get_application_for_viewer(request.user, pk)
    letter = application.letters.order_by("-number").first()
    if letter is None:
        raise Http404
    return _letter_response(letter)


@login_required
@require_GET
def issued_letter(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = get_application_for_viewer(request.user, pk)
    return _letter_response(get_object_or_404(IssuedLetter, application=application, number=number))


@login_required
@require_GET
def confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    """Eingangsbestätigung: the application as submitted, with date, time and amount."""
    application = get_application_for_viewer(request.user, pk)
    if application.submitted_at is None or application.status == Status.DRAFT:
        raise Http404
    response = HttpResponse(confirmation_pdf(application), content_type="application/pdf")
    filename = f"Eingangsbestaetigung-{application.reference or application.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def payment_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's Mittelabruf."""
    application = get_application_for_member(request.user, pk)
    form = PaymentRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_payment(
                application=application,
                by=request.user,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
            )
        except services.FundingError as error:
            for message in error.messages:
                form.add_error("amount", message)
        else:
            messages.success(
                request,
                _("Dein Mittelabruf über %(amount)s ist beim Förderreferat eingegangen.")
                % {"amount": euro(form.cleaned_data["amount"])},
            )
            return redirect(application.get_absolute_url() + "#zahlungen")
    return _render_application(request, pk, {"payment_request_form": form})


@login_required
@require_POST
def receipt_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One line of the Belegliste of the proof of use."""
    application = get_application_for_member(request.user, pk)
    if application.status != Status.PROOF_DUE:
        messages.info(request, _("Ein Verwendungsnachweis ist gerade nicht fällig."))
        return redirect("funding:proof", pk=application.pk)
    form = ReceiptForm(request.POST, items=application.budget_items.all(), prefix="beleg")
    if form.is_valid():
        try:
            services.add_receipt(application=application, by=request.user, data=form.cleaned_data)
        except services.FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Der Beleg ist in der Belegliste."))
        return redirect("funding:proof", pk=application.pk)
    return _render_proof(request, application, receipt_form=form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def proof_form(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_member(request.user, pk)
    if application.status != Status.PROOF_DUE:
        messages.info(request, _("Ein Verwendungsnachweis ist gerade nicht fällig."))
        return redirect(application.get_absolute_url())
    return _render_proof(request, application)


def _render_proof(request, application, receipt_form=None, status=200) -> HttpResponse:
    items = list(application.budget_items.all())
    # One proof per application, one actual amount per income line: a plain LEFT JOIN.
    income_lines = list(
        IncomeLine.objects.filter(application=application)
        .annotate(actual_amount=F("actuals__amount"))
        .order_by("pk")
    )
    proof = ProofOfUse.objects.filter(application=application).first()
    lines = list(proof.lines.select_related("budget_item")) if proof else []
    initial = {}
    if proof:
        initial = {
            "narrative": proof.narrative,
            "people_reached": proof.people_reached,
            "unplanned_income": proof.unplanned_income,
            "declaration": proof.declaration,
        }
        initial.update({f"line_{line.budget_item_id}": line.amount for line in lines})
        initial.update(
            {
                f"income_{line.pk}": line.actual_amount
                for line in income_lines
                if line.actual_amount is not None
            }
        )
    posted = request.method == "POST" and receipt_form is None
    form = ProofForm(
        request.POST if posted else None,
        items=items,
        income_lines=income_lines,
        initial=initial,
    )
    if posted and not form.is_valid():
        status = 422
    if posted and form.is_valid():
        try:
            services.save_proof(
                application=application,
                by=request.user,
                narrative=form.cleaned_data["narrative"],
                people_reached=form.cleaned_data["people_reached"],
                actual=form.actual(),
                actual_income=form.actual_income(),
                unplanned_income=form.cleaned_data["unplanned_income"] or Decimal("0"),
                declaration=form.cleaned_data["declaration"],
            )
            if request.POST.get("action") == "submit":
                services.submit_proof(application=application, by=request.user)
                messages.success(request, _("Dein Verwendungsnachweis ist eingereicht."))
                return redirect(application.get_absolute_url())
        except services.FundingError as error:
            status = 422
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Dein Verwendungsnachweis ist gespeichert."))
            return redirect("funding:proof", pk=application.pk)
    flagged = [line for line in lines if line.is_flagged]
    return render(
        request,
        "funding/proof_form.html",
        {
            "application": application,
            "form": form,
            "proof": proof,
            "flagged": flagged,
            "receipts": list(proof.receipts.select_related("budget_item")) if proof else [],
            "receipt_form": receipt_form
            or ReceiptForm(items=application.budget_items.all(), choices=items, prefix="beleg"),
        },
        status=status,
    )


# --- reviewers ------------------------------------------------------------------------------------


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    assignments = list(
        ReviewAssignment.objects.filter(reviewer=request.user)
        .select_related("application__call__programme", "application__organisation")
        .order_by("completed_at", "-assigned_at")
    )
    return render(request, "funding/reviews.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_reviewer(request.user, pk)
    criteria = list(assignment.application.call.programme.criteria.all())
    initial = {}
    for review in assignment.reviews.all():
        initial[f"score_{review.criterion_id}"] = str(review.score)
        initial[f"comment_{review.criterion_id}"] = review.comment
    form = ReviewForm(request.POST or None, criteria=criteria, initial=initial)
    return _render_review(request, assignment, form)


def _render_review(
    request: HttpRequest, assignment, form, conflict_form: ConflictForm | None = None
) -> HttpResponse:
    """The review page; a rejected review or conflict declaration comes back with what was
    typed and the error at its field (422)."""
    declared = assignment.no_conflict_at is not None
    if conflict_form is None and request.method == "POST" and not declared:
        form.add_error(
            None,
            _("Bitte erklären Sie zuerst, ob Sie befangen sind; danach können Sie bewerten."),
        )
    elif conflict_form is None and request.method == "POST" and form.is_valid():
        try:
            services.save_review(assignment=assignment, by=request.user, scores=form.scores())
        except services.FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Ihre Bewertung ist gespeichert."))
            return redirect("funding:reviews")
    return render(
        request,
        "funding/review_form.html",
        {
            "assignment": assignment,
            "application": assignment.application,
            "declared": declared,
            "items": list(assignment.application.budget_items.all()) if declared else [],
            "attachments": list(assignment.application.attachments.all()) if declared else [],
            "form": form,
            "conflict_form": conflict_form or ConflictForm(auto_id="conflict-%s"),
        },
        status=422 if form.is_bound or conflict_form is not None else 200,
    )


@login_required
@require_POST
def review_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer declares that no conflict of interest exists; then reads and scores."""
    assignment = get_assignment_for_reviewer(request.user, pk)
    try:
        services.declare_no_conflict(assignment=assignment, by=request.user)
    except services.FundingError as error:
        messages.error(request, str(error))
        return redirect("funding:reviews")
    return redirect("funding:review", pk=assignment.pk)


@login_required
@require_POST
def review_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_reviewer(request.user, pk)
    form = ConflictForm(request.POST, auto_id="conflict-%s")
    if not form.is_valid():
        criteria = list(assignment.application.call.programme.criteria.all())
        review = ReviewForm(criteria=criteria)
        return _render_review(request, assignment, review, conflict_form=form)
    services.declare_conflict(
        assignment=assignment, by=request.user, note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        _("Sie haben Befangenheit erklärt und sind von diesem Antrag abgezogen."),
    )
    return redirect("funding:reviews")
