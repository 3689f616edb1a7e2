"""State changes of the funding part: one explicit state machine.

``TRANSITIONS`` is the whole workflow: each action names the states it may start from,
the state it leads to and the role that takes it. Every action has one keyword-only
function below (``submit``, ``approve``, …) that runs in ``transaction.atomic`` with the
call and the application locked (always in that order), writes a :class:`StatusChange`
and, after commit, tells the applicant in plain German by e-mail (background task).

Roles are derived per application by :func:`roles_for`:

* ``applicant``: a member of the applying organisation,
* ``officer``: a funding officer of the call's municipality (or a superuser),
* ``reviewer``: a reviewer assigned to the application (reviewers score; they take no
  transition).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicportal.core import content
from civicportal.core.models import Organisation, StaffMembership
from civicportal.core.tasks import notify
from funding import letters
from funding import notifications as kinds
from funding.formatting import euro
from funding.models import (
    ZERO,
    ActualCost,
    ActualIncome,
    ApplicantMessage,
    Application,
    BudgetItem,
    Call,
    Decision,
    FinancingType,
    IncomeLine,
    InternalNote,
    IssuedLetter,
    Payment,
    PaymentRequest,
    ProofOfUse,
    ProofReminder,
    Receipt,
    Review,
    ReviewAssignment,
    Status,
    StatusChange,
)
from organisations.verification import verification_needs

APPLICANT = "applicant"
OFFICER = "officer"
REVIEWER = "reviewer"


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    role: str


TRANSITIONS: dict[str, Transition] = {
    "submit": Transition((Status.DRAFT,), Status.SUBMITTED, APPLICANT),
    "start_review": Transition((Status.SUBMITTED, Status.RESUBMITTED), Status.IN_REVIEW, OFFICER),
    "request_changes": Transition((Status.IN_REVIEW,), Status.CHANGES_REQUESTED, OFFICER),
    "resubmit": Transition((Status.CHANGES_REQUESTED,), Status.RESUBMITTED, APPLICANT),
    "recommend": Transition((Status.IN_REVIEW,), Status.RECOMMENDED, OFFICER),
    "not_recommend": Transition((Status.IN_REVIEW,), Status.NOT_RECOMMENDED, OFFICER),
    "approve": Transition((Status.RECOMMENDED,), Status.APPROVED, OFFICER),
    "reject": Transition((Status.RECOMMENDED, Status.NOT_RECOMMENDED), Status.REJECTED, OFFICER),
    "send_agreement": Transition((Status.APPROVED,), Status.AGREEMENT_SENT, OFFICER),
    "record_payment": Transition((Status.AGREEMENT_SENT, Status.PAYING), Status.PAYING, OFFICER),
    "request_proof": Transition((Status.PAYING,), Status.PROOF_DUE, OFFICER),
    "submit_proof": Transition((Status.PROOF_DUE,), Status.PROOF_SUBMITTED, APPLICANT),
    "request_proof_correction": Transition((Status.PROOF_SUBMITTED,), Status.PROOF_DUE, OFFICER),
    "accept_proof": Transition((Status.PROOF_SUBMITTED,), Status.CLOSED, OFFICER),
    "request_repayment": Transition((Status.PROOF_SUBMITTED,), Status.REPAYMENT_REQUESTED, OFFICER),
    "confirm_repayment": Transition((Status.REPAYMENT_REQUESTED,), Status.CLOSED, OFFICER),
}

# German labels of the actions (buttons, admin actions).
ACTION_LABELS = {
    "submit": gettext_lazy("Antrag einreichen"),
    "start_review": gettext_lazy("Prüfung beginnen"),
    "request_changes": gettext_lazy("Korrektur anfordern"),
    "resubmit": gettext_lazy("Überarbeiteten Antrag einreichen"),
    "recommend": gettext_lazy("Zur Förderung empfehlen"),
    "not_recommend": gettext_lazy("Nicht empfehlen"),
    "approve": gettext_lazy("Bewilligen"),
    "reject": gettext_lazy("Ablehnen"),
    "send_agreement": gettext_lazy("Zuwendungsbescheid erlassen und versenden"),
    "record_payment": gettext_lazy("Rate auszahlen"),
    "request_proof": gettext_lazy("Verwendungsnachweis anfordern"),
    "submit_proof": gettext_lazy("Verwendungsnachweis einreichen"),
    "request_proof_correction": gettext_lazy("Korrektur des Nachweises anfordern"),
    "accept_proof": gettext_lazy("Nachweis annehmen und abschließen"),
    "request_repayment": gettext_lazy("Rückforderung stellen"),
    "confirm_repayment": gettext_lazy("Rückzahlung bestätigen und abschließen"),
}


class FundingError(Exception):
    """A refused state change; ``messages`` are German sentences for the user."""

    def __init__(self, *messages: str, problems: list[tuple[str | None, str]] | None = None):
        self.problems = problems or [(None, message) for message in messages]
        super().__init__(" ".join(message for _field, message in self.problems))

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.problems]


# --- roles ---------------------------------------------------------------------------------------


def municipality_id_of(application: Application) -> int:
    return application.call.programme.municipality_id


def is_officer(user, municipality_id: int) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.is_staff
        and StaffMembership.objects.filter(
            user=user, municipality_id=municipality_id, role=StaffMembership.Role.FUNDING_OFFICER
        ).exists()
    )


def is_member(user, application: Application) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return application.organisation.memberships.filter(user=user).exists()


def roles_for(user, application: Application) -> set[str]:
    roles: set[str] = set()
    if is_member(user, application):
        roles.add(APPLICANT)
    if is_officer(user, municipality_id_of(application)):
        roles.add(OFFICER)
    if (
        user
        and user.is_authenticated
        and application.review_assignments.filter(
            reviewer=user, conflict_of_interest=False
        ).exists()
    ):
        roles.add(REVIEWER)
    return roles


def available_actions(user, application: Application, roles: set[str] | None = None) -> list[str]:
    """The actions ``user`` may take now (``roles`` if already known)."""
    roles = roles_for(user, application) if roles is None else roles
    return [
        name
        for name, transition in TRANSITIONS.items()
        if application.status in transition.sources and transition.role in roles
    ]


# --- the engine ----------------------------------------------------------------------------------


def _lock(application: Application) -> tuple[Call, Application]:
    """Lock the call, then the application (one order everywhere: no deadlocks)."""
    call = Call.objects.select_for_update().select_related("programme").get(pk=application.call_id)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation", "author")
        .get(pk=application.pk)
    )
    locked.call = call
    return call, locked


def _run(action: str, application: Application, by, note: str, apply=None) -> Application:
    transition = TRANSITIONS[action]
    with transaction.atomic():
        call, locked = _lock(application)
        if locked.status not in transition.sources:
            raise FundingError(
                _("„%(action)s“ ist im Status „%(status)s“ nicht möglich.")
                % {"action": ACTION_LABELS[action], "status": locked.get_status_display()}
            )
        if transition.role not in roles_for(by, locked):
            raise FundingError(
                _("Sie sind für „%(action)s“ bei diesem Antrag nicht berechtigt.")
                % {"action": ACTION_LABELS[action]}
            )
        if apply is not None:
            apply(call, locked)
        previous = locked.status
        locked.status = transition.target
        locked.save()
        change = StatusChange.objects.create(
            application=locked,
            from_status=previous,
            to_status=transition.target,
            by=by if by and by.is_authenticated else None,
            note=note,
        )
        notify(kinds.STATUS, status_change_id=change.pk)
        content.changed()  # funded projects and call totals are public
    application.refresh_from_db()
    return locked


# --- applicant side ------------------------------------------------------------------------------


def submission_problems(
    application: Application, moment=None, *, check_deadline: bool = True
) -> list[tuple[str | None, str]]:
    """Everything that stands between this application and a valid submission, in words.

    Each entry is ``(form field or None, German sentence)``.
    """
    call = application.call
    problems: list[tuple[str | None, str]] = []
    moment = moment or timezone.now()
    berlin_close = timezone.localtime(call.closes_at)
    if check_deadline and moment < call.opens_at:
        problems.append(
            (
                None,
                _("Der Aufruf ist noch nicht geöffnet: Anträge sind ab %(date)s möglich.")
                % {"date": date_format(timezone.localtime(call.opens_at), "DATETIME_FORMAT")},
            )
        )
    elif check_deadline and moment >= call.closes_at:
        problems.append(
            (
                None,
                _("Der Aufruf ist geschlossen: Antragsschluss war am %(date)s Uhr.")
                % {"date": date_format(berlin_close, "j. F Y, H:i")},
            )
        )
    for field, label in [
        ("title", _("einen Projekttitel")),
        ("summary", _("eine Kurzbeschreibung")),
        ("description", _("eine Projektbeschreibung")),
        ("goals", _("die Ziele")),
        ("target_groups", _("die Zielgruppen")),
    ]:
        if not getattr(application, field).strip():
            problems.append((field, _("Bitte gib %(what)s an.") % {"what": label}))
    if not application.start_date or not application.end_date:
        problems.append(("start_date", _("Bitte gib Projektbeginn und Projektende an.")))
    elif application.start_date < call.funding_start or application.end_date > call.funding_end:
        problems.append(
            (
                "start_date",
                _(
                    "Das Projekt muss im Förderzeitraum vom %(start)s bis %(end)s liegen "
                    "(angegeben: %(from)s bis %(to)s)."
                )
                % {
                    "start": date_format(call.funding_start, "d.m.Y"),
                    "end": date_format(call.funding_end, "d.m.Y"),
                    "from": date_format(application.start_date, "d.m.Y"),
                    "to": date_format(application.end_date, "d.m.Y"),
                },
            )
        )
    needs = verification_needs(application.organisation)
    if needs is not None:
        message = _(
            "%(name)s ist noch nicht verifiziert: Bevor sie Anträge einreichen kann, prüft "
            "%(verifier)s sie – dafür braucht sie %(documents)s und wer die Organisation "
            "vertreten darf."
        ) % {
            "name": application.organisation.name,
            "verifier": needs.verifier,
            "documents": needs.documents,
        }
        if needs.missing:
            message += " " + _(
                "In den Angaben der Organisation fehlt noch: %(missing)s. Ergänzen kann sie, "
                "wer dort die Rolle „Administration“ hat."
            ) % {"missing": "; ".join(needs.missing)}
        message += " " + _("Dein Entwurf bleibt gespeichert.")
        problems.append(("organisation", message))
    if not call.admits(application.organisation.legal_form):
        problems.append(
            (
                "organisation",
                _("Dieser Aufruf fördert nur: %(types)s.")
                % {"types": ", ".join(call.eligible_labels())},
            )
        )
    application.recalculate()
    if application.total_costs <= ZERO:
        problems.append(
            (None, _("Bitte trage im Finanzierungsplan mindestens eine Kostenposition ein."))
        )
    elif application.requested_amount <= ZERO:
        problems.append(
            (
                None,
                _(
                    "Die Einnahmen (%(income)s) decken bereits alle Kosten (%(costs)s): Es "
                    "bleibt kein Fehlbetrag, der gefördert werden könnte."
                )
                % {
                    "income": euro(application.total_income),
                    "costs": euro(application.total_costs),
                },
            )
        )
    if call.cap_per_application is not None and (
        application.requested_amount > call.cap_per_application
    ):
        problems.append(
            (
                None,
                _(
                    "Du beantragst %(requested)s, höchstens %(cap)s sind je Antrag möglich. "
                    "Verringere die Kosten oder trage weitere Einnahmen ein."
                )
                % {
                    "requested": euro(application.requested_amount),
                    "cap": euro(call.cap_per_application),
                },
            )
        )
    if application.total_costs > ZERO and application.own_share_percent < call.min_own_share:
        needed = (application.total_costs * call.min_own_share / 100).quantize(Decimal("0.01"))
        problems.append(
            (
                None,
                _(
                    "Der Eigenanteil (Eigenmittel und Eigenleistungen) ist zu niedrig: "
                    "%(share)s %% statt mindestens %(min)s %% der Gesamtkosten, also "
                    "mindestens %(needed)s."
                )
                % {
                    "share": number_format(application.own_share_percent, decimal_pos=0),
                    "min": number_format(call.min_own_share, decimal_pos=0),
                    "needed": euro(needed),
                },
            )
        )
    return problems


# Project fields an applicant edits in a draft (the organisation only when creating).
DRAFT_FIELDS = (
    "title",
    "summary",
    "description",
    "goals",
    "target_groups",
    "district",
    "start_date",
    "end_date",
    "initiative",
    "publication_consent",
)


def save_draft(
    *,
    by,
    data: dict,
    plan: list[dict],
    income: list[dict] | None = None,
    call: Call | None = None,
    application: Application | None = None,
) -> Application:
    """Create (``call`` given) or update (``application`` given) a draft with its
    financing plan; no transition. ``data`` holds the cleaned ``DRAFT_FIELDS`` (plus
    ``organisation`` when creating); ``plan`` the cleaned cost lines, each ``{"id":
    BudgetItem | None, "category", "description", "amount", "DELETE": bool}``; ``income``
    the cleaned income lines, each ``{"id": IncomeLine | None, "kind", "description",
    "amount", "funder", "funder_status", "DELETE": bool}`` (``None``: unchanged). The
    totals and the requested amount (the shortfall) are derived again from the stored
    lines."""
    with transaction.atomic():
        if application is None:
            if call is None:
                raise FundingError(_("Zu welchem Aufruf gehört der Antrag?"))
            if timezone.now() >= call.closes_at:
                raise FundingError(_("Dieser Aufruf ist geschlossen."))
            organisation = data.get("organisation")
            if (
                organisation is None
                or organisation.municipality_id != call.programme.municipality_id
                or not Organisation.objects.for_member(by).filter(pk=organisation.pk).exists()
            ):
                raise FundingError(
                    _(
                        "Du kannst nur für eine Organisation dieser Kommune beantragen, in "
                        "der du Mitglied bist."
                    )
                )
            locked = Application(call=call, organisation=organisation, author=by)
        else:
            _call, locked = _lock(application)
            if not locked.is_editable or APPLICANT not in roles_for(by, locked):
                raise FundingError(_("Dieser Antrag kann nicht mehr bearbeitet werden."))
        for field in DRAFT_FIELDS:
            if field in data:
                setattr(locked, field, data[field])
        locked.save()
        for line in plan:
            item = line.get("id")
            if item is not None and item.application_id != locked.pk:
                raise FundingError(_("Diese Kostenposition gehört zu einem anderen Antrag."))
            if line.get("DELETE"):
                if item is not None:
                    item.delete()
                continue
            if item is None:
                item = BudgetItem(application=locked)
            item.category = line["category"]
            item.description = line["description"]
            item.amount = line["amount"]
            item.save()
        for line in income or []:
            _save_income_line(locked, line)
        locked.recalculate()
        locked.save(
            update_fields=[
                "total_costs",
                "total_income",
                "own_contribution",
                "requested_amount",
                "updated_at",
            ]
        )
    return locked


def _save_income_line(application: Application, line: dict) -> None:
    item = line.get("id")
    if item is not None and item.application_id != application.pk:
        raise FundingError(_("Diese Einnahmeposition gehört zu einem anderen Antrag."))
    if line.get("DELETE"):
        if item is not None:
            item.delete()
        return
    amount = Decimal(line["amount"])
    if amount <= ZERO:
        raise FundingError(
            _(
                "Eine Einnahme braucht einen Betrag über 0 €: Einnahmen verringern den "
                "beantragten Betrag, nie erhöhen sie ihn."
            )
        )
    funder = (line.get("funder") or "").strip()
    status = line.get("funder_status") or ""
    if line["kind"] == IncomeLine.Kind.FUNDER:
        if not funder or status not in IncomeLine.FunderStatus.values:
            raise FundingError(
                _(
                    "Bei Mitteln anderer Förderer gib bitte den Förderer und den Stand an "
                    "(beantragt oder bewilligt)."
                )
            )
    else:
        funder, status = "", ""
    if item is None:
        item = IncomeLine(application=application)
    item.kind = line["kind"]
    item.description = line.get("description") or ""
    item.amount = amount
    item.funder = funder
    item.funder_status = status
    item.save()


def next_reference(prefix: str, year: int) -> str:
    """Next reference number such as ``DF-2026-0007``: one atomic UPSERT, race-free."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO funding_referencecounter (prefix, year, last_number)
            VALUES (%s, %s, 1)
            ON CONFLICT (prefix, year)
            DO UPDATE SET last_number = funding_referencecounter.last_number + 1
            RETURNING last_number
            """,
            [prefix, year],
        )
        number = cursor.fetchone()[0]
    return f"{prefix}-{year}-{number:04d}"


def submit(*, application: Application, by, note: str = "") -> Application:
    def apply(call: Call, locked: Application) -> None:
        problems = submission_problems(locked)
        if problems:
            raise FundingError(problems=problems)
        locked.submitted_at = timezone.now()
        if not locked.reference:
            locked.reference = next_reference(call.programme.reference_prefix, call.year)
        notify(kinds.SUBMITTED, application_id=locked.pk)

    return _run("submit", application, by, note, apply)


def resubmit(*, application: Application, by, note: str = "") -> Application:
    def apply(call: Call, locked: Application) -> None:
        # The officer asked for the changes: the call's deadline no longer applies.
        problems = submission_problems(locked, check_deadline=False)
        if problems:
            raise FundingError(problems=problems)
        locked.submitted_at = timezone.now()
        notify(kinds.SUBMITTED, application_id=locked.pk)

    return _run("resubmit", application, by, note, apply)


# --- staff side ----------------------------------------------------------------------------------


def start_review(*, application: Application, by, note: str = "") -> Application:
    return _run("start_review", application, by, note)


def request_changes(*, application: Application, by, note: str = "") -> Application:
    if not note.strip():
        raise FundingError(_("Bitte beschreiben Sie, was nachgebessert werden soll."))
    return _run("request_changes", application, by, note)


def recommend(*, application: Application, by, note: str = "") -> Application:
    return _run("recommend", application, by, note)


def not_recommend(*, application: Application, by, note: str = "") -> Application:
    return _run("not_recommend", application, by, note)


def approve(
    *,
    application: Application,
    by,
    amount: Decimal,
    purpose: str = "",
    conditions: str = "",
    proof_due: date | None = None,
    note: str = "",
) -> Application:
    """Approve ``amount``; refused if it would take the call past its budget."""
    amount = Decimal(amount)

    def apply(call: Call, locked: Application) -> None:
        if amount <= ZERO:
            raise FundingError(_("Der bewilligte Betrag muss größer als 0 € sein."))
        if amount > locked.requested_amount:
            raise FundingError(
                _("Bewilligt werden können höchstens die beantragten %(requested)s.")
                % {"requested": euro(locked.requested_amount)}
            )
        if call.cap_per_application is not None and amount > call.cap_per_application:
            raise FundingError(
                _("Der Höchstbetrag je Antrag beträgt %(cap)s.")
                % {"cap": euro(call.cap_per_application)}
            )
        # The call row is locked: no other approval can commit in between.
        committed = call.approved_total()
        remaining = call.total_budget - committed
        if amount > remaining:
            raise FundingError(
                _(
                    "Das Budget des Aufrufs reicht nicht: Es sind nur noch %(remaining)s frei "
                    "(Budget %(budget)s, bereits bewilligt %(committed)s), bewilligt werden "
                    "sollten %(amount)s."
                )
                % {
                    "remaining": euro(remaining),
                    "budget": euro(call.total_budget),
                    "committed": euro(committed),
                    "amount": euro(amount),
                }
            )
        locked.approved_amount = amount
        locked.decided_at = timezone.now()
        programme = call.programme
        Decision.objects.update_or_create(
            application=locked,
            defaults={
                "amount": amount,
                "purpose": purpose or locked.title,
                "conditions": conditions or programme.letter_conditions or DEFAULT_CONDITIONS,
                "proof_due": proof_due or default_proof_due(locked, programme.proof_months),
                "financing_type": programme.financing_type,
                "share_percent": _share_percent(amount, locked.total_costs)
                if programme.financing_type == FinancingType.SHARE
                else None,
                "period_start": locked.start_date or call.funding_start,
                "period_end": locked.end_date or call.funding_end,
                "legal_basis": programme.legal_basis,
                "signer_name": programme.signer_name,
                "signer_role": programme.signer_role,
                "decided_by": by,
                "decided_at": timezone.now(),
            },
        )

    return _run("approve", application, by, note, apply)


DEFAULT_CONDITIONS = (
    "Die Zuwendung ist zweckgebunden und nur für das im Antrag beschriebene Projekt im "
    "bewilligten Zeitraum zu verwenden. Änderungen des Finanzierungsplans von mehr als "
    "20 % je Kostenposition sind vorher mitzuteilen. Nicht verbrauchte Mittel sind "
    "zurückzuzahlen. Bei Veröffentlichungen ist auf die Förderung durch die Stadt "
    "hinzuweisen."
)


def _share_percent(amount: Decimal, total_costs: Decimal) -> Decimal | None:
    if not total_costs:
        return None
    return (amount / total_costs * 100).quantize(Decimal("0.01"))


def default_proof_due(application: Application, months: int = 3) -> date:
    """``months`` (three) after the project (or the funding period) ends."""
    end = application.end_date or application.call.funding_end
    month = end.month + months
    year = end.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(end.day, 28)
    return date(year, month, day)


def reject(*, application: Application, by, note: str = "") -> Application:
    def apply(call: Call, locked: Application) -> None:
        locked.decided_at = timezone.now()
        locked.approved_amount = None

    return _run("reject", application, by, note, apply)


def send_agreement(*, application: Application, by, note: str = "") -> Application:
    """Issue the composed Zuwendungsbescheid: its PDF is made once, stored with its
    checksum and sent; the applicant's download serves these bytes from then on."""

    def apply(call: Call, locked: Application) -> None:
        decision = Decision.objects.filter(application=locked).first()
        if decision is None:
            raise FundingError(_("Es gibt noch keinen Bescheid zu diesem Antrag."))
        _check_decision(decision)
        _issue_letter(locked, decision, IssuedLetter.Kind.DECISION, by)

    return _run("send_agreement", application, by, note, apply)


LETTER_STATES = (Status.AGREEMENT_SENT, Status.PAYING, Status.PROOF_DUE)


def _check_decision(decision: Decision) -> None:
    missing = [
        label
        for value, label in [
            (decision.purpose.strip(), _("den Zuwendungszweck")),
            (decision.legal_basis.strip(), _("die Rechtsgrundlage")),
            (decision.signer_name.strip(), _("den Namen der unterzeichnenden Person")),
            (decision.signer_role.strip(), _("ihre Funktion")),
        ]
        if not value
    ]
    if missing:
        raise FundingError(
            _("Bitte ergänzen Sie im Bescheid %(what)s.") % {"what": ", ".join(missing)}
        )
    if decision.financing_type == FinancingType.SHARE and not decision.share_percent:
        raise FundingError(_("Bei einer Anteilfinanzierung braucht der Bescheid den Anteil in %."))


def _issue_letter(locked: Application, decision: Decision, kind: str, by) -> IssuedLetter:
    number = locked.letters.count() + 1
    pdf = letters.decision_pdf(locked, decision=decision, kind=kind, number=number, language="de")
    translation = letters.decision_pdf(
        locked, decision=decision, kind=kind, number=number, language="en"
    )
    return IssuedLetter.objects.create(
        application=locked,
        kind=kind,
        number=number,
        amount=decision.amount,
        pdf=pdf,
        translation_pdf=translation,
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by=by if by and by.is_authenticated else None,
    )


# The fields of a Bescheid the officer composes (the amount is set by the approval).
DECISION_FIELDS = (
    "purpose",
    "financing_type",
    "share_percent",
    "period_start",
    "period_end",
    "conditions",
    "proof_due",
    "legal_basis",
    "signer_name",
    "signer_role",
)


def compose_decision(*, application: Application, by, data: dict) -> Decision:
    """Store the officer's draft of the Bescheid (approved, not yet issued)."""
    with transaction.atomic():
        _call, locked = _lock(application)
        if OFFICER not in roles_for(by, locked):
            raise FundingError(_("Nur das Förderreferat verfasst den Bescheid."))
        if locked.status != Status.APPROVED:
            raise FundingError(
                _(
                    "Der Bescheid ist bereits erlassen: Änderungen gehen nur über einen "
                    "Änderungsbescheid."
                )
            )
        decision = Decision.objects.select_for_update().get(application=locked)
        for field in DECISION_FIELDS:
            if field in data:
                setattr(decision, field, data[field])
        decision.save()
    return decision


def issue_amendment(*, application: Application, by, data: dict, amount: Decimal) -> IssuedLetter:
    """An Änderungsbescheid: new terms (and amount) for an issued decision, issued at once
    as a new stored letter; the earlier letters stay as they were."""
    amount = Decimal(amount)
    with transaction.atomic():
        call, locked = _lock(application)
        if OFFICER not in roles_for(by, locked):
            raise FundingError(_("Nur das Förderreferat erlässt Bescheide."))
        if locked.status not in LETTER_STATES:
            raise FundingError(
                _("Ein Änderungsbescheid ist nur nach dem Zuwendungsbescheid möglich.")
            )
        paid = locked.paid_total()
        if amount < paid:
            raise FundingError(
                _("Es sind bereits %(paid)s ausgezahlt: Die Zuwendung kann nicht darunter sinken.")
                % {"paid": euro(paid)}
            )
        _check_amount(call, locked, amount, current=locked.approved_amount or ZERO)
        decision = Decision.objects.select_for_update().get(application=locked)
        for field in DECISION_FIELDS:
            if field in data:
                setattr(decision, field, data[field])
        decision.amount = amount
        _check_decision(decision)
        decision.save()
        locked.approved_amount = amount
        locked.save(update_fields=["approved_amount", "updated_at"])
        letter = _issue_letter(locked, decision, IssuedLetter.Kind.AMENDMENT, by)
        _message(
            locked,
            by,
            _("Wir haben einen Änderungsbescheid erlassen. Die Zuwendung beträgt jetzt %(amount)s.")
            % {"amount": euro(amount)},
        )
        content.changed()
    return letter


def _check_amount(call: Call, locked: Application, amount: Decimal, current: Decimal) -> None:
    """approved ≤ requested ≤ shortfall, the cap, and the call's budget (call locked)."""
    if amount <= ZERO:
        raise FundingError(_("Der bewilligte Betrag muss größer als 0 € sein."))
    if amount > locked.requested_amount:
        raise FundingError(
            _("Bewilligt werden können höchstens die beantragten %(requested)s.")
            % {"requested": euro(locked.requested_amount)}
        )
    if call.cap_per_application is not None and amount > call.cap_per_application:
        raise FundingError(
            _("Der Höchstbetrag je Antrag beträgt %(cap)s.")
            % {"cap": euro(call.cap_per_application)}
        )
    remaining = call.total_budget - call.approved_total() + current
    if amount > remaining:
        raise FundingError(
            _("Das Budget des Aufrufs reicht nicht: Es sind nur noch %(remaining)s frei.")
            % {"remaining": euro(remaining)}
        )


def record_payment(
    *, application: Application, by, amount: Decimal, paid_on: date | None = None, note: str = ""
) -> Payment:
    """Pay one instalment; the sum of all instalments never exceeds the approved amount."""
    amount = Decimal(amount)
    created: list[Payment] = []

    def apply(call: Call, locked: Application) -> None:
        if amount <= ZERO:
            raise FundingError(_("Eine Rate muss größer als 0 € sein."))
        paid = locked.paid_total()
        remaining = (locked.approved_amount or ZERO) - paid
        if amount > remaining:
            raise FundingError(
                _(
                    "Die Rate von %(amount)s übersteigt den noch offenen Betrag von "
                    "%(remaining)s (bewilligt %(approved)s, bereits ausgezahlt %(paid)s)."
                )
                % {
                    "amount": euro(amount),
                    "remaining": euro(remaining),
                    "approved": euro(locked.approved_amount or ZERO),
                    "paid": euro(paid),
                }
            )
        number = locked.payments.count() + 1
        created.append(
            Payment.objects.create(
                application=locked,
                number=number,
                amount=amount,
                paid_on=paid_on or timezone.localdate(),
                created_by=by,
            )
        )

    _run("record_payment", application, by, note or _("Rate über %s") % euro(amount), apply)
    return created[0]


def request_proof(*, application: Application, by, note: str = "") -> Application:
    def apply(call: Call, locked: Application) -> None:
        ProofOfUse.objects.get_or_create(application=locked)

    return _run("request_proof", application, by, note, apply)


def save_proof(
    *,
    application: Application,
    by,
    narrative: str,
    people_reached: int | None,
    actual: dict[int, Decimal],
    actual_income: dict[int, Decimal] | None = None,
    unplanned_income: Decimal = ZERO,
    declaration: bool = False,
) -> ProofOfUse:
    """Store the applicant's draft of the proof of use (no transition): actual costs per
    planned cost line, actual income per planned income line (``{IncomeLine id: amount}``)
    and income the plan did not name, the Sachbericht and the declaration."""
    actual_income = actual_income or {}
    if unplanned_income < ZERO or any(Decimal(v) < ZERO for v in actual_income.values()):
        raise FundingError(_("Einnahmen dürfen nicht negativ sein."))
    with transaction.atomic():
        _call, locked = _lock(application)
        if locked.status != Status.PROOF_DUE or APPLICANT not in roles_for(by, locked):
            raise FundingError(_("Der Verwendungsnachweis kann gerade nicht bearbeitet werden."))
        proof, _created = ProofOfUse.objects.get_or_create(application=locked)
        proof.narrative = narrative
        proof.people_reached = people_reached
        proof.unplanned_income = unplanned_income
        proof.declaration = declaration
        proof.save()
        existing = {line.budget_item_id: line for line in proof.lines.all()}
        for item in locked.budget_items.all():
            amount = Decimal(actual.get(item.pk, ZERO))
            line = existing.get(item.pk)
            if line is None:
                ActualCost.objects.create(proof=proof, budget_item=item, amount=amount)
            elif line.amount != amount:
                # A changed amount answers the officer's query: the line is checked again.
                line.amount = amount
                line.line_status = ActualCost.LineStatus.PENDING
                line.officer_note = ""
                line.reviewed_at = None
                line.save(update_fields=["amount", "line_status", "officer_note", "reviewed_at"])
        stated = {line.income_line_id: line for line in proof.income_actuals.all()}
        for income_line in locked.income_lines.all():
            amount = Decimal(actual_income.get(income_line.pk, ZERO))
            current = stated.get(income_line.pk)
            if current is None:
                ActualIncome.objects.create(proof=proof, income_line=income_line, amount=amount)
            elif current.amount != amount:
                current.amount = amount
                current.save(update_fields=["amount"])
        return proof


def submit_proof(*, application: Application, by, note: str = "") -> Application:
    def apply(call: Call, locked: Application) -> None:
        proof = ProofOfUse.objects.filter(application=locked).first()
        if proof is None or not proof.narrative.strip():
            raise FundingError(_("Bitte schreibe einen kurzen Sachbericht."))
        if proof.lines.count() < locked.budget_items.count():
            raise FundingError(
                _("Bitte trage zu jeder Kostenposition die tatsächlichen Kosten ein.")
            )
        if proof.income_actuals.count() < locked.income_lines.count():
            raise FundingError(
                _("Bitte trage zu jeder Einnahmeposition die tatsächlichen Einnahmen ein.")
            )
        if not proof.declaration:
            raise FundingError(
                _(
                    "Bitte bestätige die Erklärung: Die Ausgaben waren notwendig, wirtschaftlich "
                    "und sparsam, die Angaben stimmen mit den Belegen überein."
                )
            )
        proof.submitted_at = timezone.now()
        proof.save(update_fields=["submitted_at"])
        notify(kinds.PROOF_SUBMITTED, application_id=locked.pk)

    return _run("submit_proof", application, by, note, apply)


def queried_lines_note(application: Application) -> str:
    """The officer's line queries as one note ("Position: Anmerkung; …")."""
    lines = ActualCost.objects.filter(
        proof__application=application, line_status=ActualCost.LineStatus.QUERIED
    ).select_related("budget_item")
    return "; ".join(f"{line.budget_item.description}: {line.officer_note}" for line in lines)


def request_proof_correction(*, application: Application, by, note: str = "") -> Application:
    """Send the proof back; without a note, the line queries make the note."""
    if not note.strip():
        note = queried_lines_note(application)
    if not note.strip():
        raise FundingError(_("Bitte beschreiben Sie, was korrigiert werden soll."))

    def apply(call: Call, locked: Application) -> None:
        ProofOfUse.objects.filter(application=locked).update(officer_note=note)

    return _run("request_proof_correction", application, by, note, apply)


def accept_proof(*, application: Application, by, note: str = "") -> Application:
    """Close the project; every line deviating by more than 20 % must be accepted first."""

    def apply(call: Call, locked: Application) -> None:
        open_lines = [
            line.budget_item.description
            for line in ActualCost.objects.filter(proof__application=locked).select_related(
                "budget_item"
            )
            if line.needs_review
        ]
        if open_lines:
            raise FundingError(
                _(
                    "Bitte prüfen Sie zuerst jede abweichende Position (noch nicht anerkannt: "
                    "%(lines)s)."
                )
                % {"lines": ", ".join(open_lines)}
            )

    return _run("accept_proof", application, by, note, apply)


def review_proof_line(*, line: ActualCost, by, accept: bool, note: str = "") -> ActualCost:
    """The officer accepts a deviating line of a submitted proof, or queries it with a
    note the applicant sees. No transition: the proof as a whole is accepted with
    :func:`accept_proof` (once every deviating line is accepted) or sent back with
    :func:`request_proof_correction`."""
    note = note.strip()
    with transaction.atomic():
        application = Application.objects.get(proof__lines=line.pk)
        _call, locked = _lock(application)
        if OFFICER not in roles_for(by, locked):
            raise FundingError(_("Nur das Förderreferat prüft den Verwendungsnachweis."))
        if locked.status != Status.PROOF_SUBMITTED:
            raise FundingError(_("Der Verwendungsnachweis ist nicht zur Prüfung eingereicht."))
        current = (
            ActualCost.objects.select_for_update(of=("self",))
            .select_related("budget_item")
            .get(pk=line.pk)
        )
        if not current.is_flagged:
            raise FundingError(
                _(
                    "Nur Positionen, die um mehr als 20 % vom Plan abweichen, werden einzeln "
                    "geprüft."
                )
            )
        if not accept and not note:
            raise FundingError(_("Bitte schreiben Sie Ihre Rückfrage zu dieser Position."))
        current.line_status = (
            ActualCost.LineStatus.ACCEPTED if accept else ActualCost.LineStatus.QUERIED
        )
        current.officer_note = note
        current.reviewed_at = timezone.now()
        current.save(update_fields=["line_status", "officer_note", "reviewed_at"])
    return current


def justified_amount(
    *,
    financing_type: str,
    approved: Decimal,
    actual_costs: Decimal,
    actual_income: Decimal,
    share_percent: Decimal | None = None,
) -> Decimal:
    """The grant the actual figures justify (ANBest-P Nr. 2):

    * Festbetrag: the fixed amount, unless the actual costs fall below it;
    * Anteil: the approved share of the actual costs, at most the approved amount;
    * Fehlbedarf: the actual shortfall (costs minus all income), at most the approved
      amount: every euro of further income or saving reduces the grant.
    """
    if financing_type == FinancingType.FIXED:
        justified = min(approved, actual_costs)
    elif financing_type == FinancingType.SHARE:
        share = (share_percent or ZERO) / 100
        justified = min(approved, (actual_costs * share).quantize(Decimal("0.01")))
    else:
        justified = min(approved, actual_costs - actual_income)
    return max(justified, ZERO)


def suggested_repayment(application: Application) -> Decimal:
    """Paid out minus what the actual costs and income justify, by the decision's
    financing type (never negative)."""
    proof = ProofOfUse.objects.filter(application=application).first()
    if proof is None:
        return ZERO
    decision = Decision.objects.filter(application=application).first()
    justified = justified_amount(
        financing_type=decision.financing_type if decision else FinancingType.SHORTFALL,
        approved=application.approved_amount or ZERO,
        actual_costs=proof.actual_total(),
        actual_income=proof.actual_income,
        share_percent=decision.share_percent if decision else None,
    )
    return max(application.paid_total() - justified, ZERO)


def request_repayment(
    *, application: Application, by, amount: Decimal | None = None, note: str = ""
) -> Application:
    def apply(call: Call, locked: Application) -> None:
        repayment = Decimal(amount) if amount is not None else suggested_repayment(locked)
        if repayment <= ZERO or repayment > locked.paid_total():
            raise FundingError(
                _("Die Rückforderung muss größer als 0 € sein und darf %(paid)s nicht übersteigen.")
                % {"paid": euro(locked.paid_total())}
            )
        ProofOfUse.objects.filter(application=locked).update(repayment_amount=repayment)

    return _run("request_repayment", application, by, note, apply)


def confirm_repayment(*, application: Application, by, note: str = "") -> Application:
    return _run("confirm_repayment", application, by, note)


ACTIONS = {
    "submit": submit,
    "start_review": start_review,
    "request_changes": request_changes,
    "resubmit": resubmit,
    "recommend": recommend,
    "not_recommend": not_recommend,
    "approve": approve,
    "reject": reject,
    "send_agreement": send_agreement,
    "record_payment": record_payment,
    "request_proof": request_proof,
    "submit_proof": submit_proof,
    "request_proof_correction": request_proof_correction,
    "accept_proof": accept_proof,
    "request_repayment": request_repayment,
    "confirm_repayment": confirm_repayment,
}


# --- casework: budget, notes, messages, payment requests, receipts ------------------------------


def change_call_budget(*, call: Call, by, total_budget: Decimal) -> Call:
    """Set a call's budget; takes the call's row lock like every approval, so it can never
    drop below what is committed, however many officers approve at the same time."""
    total_budget = Decimal(total_budget)
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if not is_officer(
            by, Call.objects.values_list("programme__municipality_id", flat=True).get(pk=call.pk)
        ):
            raise FundingError(_("Nur das Förderreferat ändert das Budget."))
        committed = locked.approved_total()
        if total_budget < committed:
            raise FundingError(
                _("Es sind bereits %(approved)s bewilligt: Das Budget kann nicht darunter sinken.")
                % {"approved": euro(committed)}
            )
        locked.total_budget = total_budget
        locked.save(update_fields=["total_budget"])
        content.changed()
    call.total_budget = total_budget
    return locked


# Fields an officer may correct after submission (never the financing plan or amounts).
AMENDABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "goals",
    "target_groups",
    "start_date",
    "end_date",
)


def amend_application(*, application: Application, by, changes: dict, reason: str) -> Application:
    """An audited correction by the officer after submission: each changed field with its
    old and new value goes into the history, and the applicant is told. Amounts and the
    financing plan are not amendable here (approved ≤ requested ≤ shortfall holds)."""
    if not reason.strip():
        raise FundingError(_("Bitte begründen Sie die Änderung."))
    with transaction.atomic():
        _call, locked = _lock(application)
        if OFFICER not in roles_for(by, locked):
            raise FundingError(_("Nur das Förderreferat ändert eingereichte Anträge."))
        if locked.status == Status.DRAFT or locked.is_editable:
            raise FundingError(_("Diesen Antrag bearbeitet gerade die Organisation selbst."))
        changed = []
        for field, value in changes.items():
            if field not in AMENDABLE_FIELDS:
                raise FundingError(_("Dieses Feld kann nicht geändert werden."))
            old = getattr(locked, field)
            if old != value:
                label = Application._meta.get_field(field).verbose_name
                changed.append(f"{label}: „{old or '–'}“ → „{value or '–'}“")
                setattr(locked, field, value)
        if not changed:
            raise FundingError(_("Es wurde nichts geändert."))
        if locked.start_date and locked.end_date and locked.end_date < locked.start_date:
            raise FundingError(_("Das Projektende liegt vor dem Projektbeginn."))
        locked.save()
        text = _("Das Förderreferat hat den Antrag geändert. %(changes)s. Grund: %(reason)s") % {
            "changes": "; ".join(changed),
            "reason": reason.strip(),
        }
        StatusChange.objects.create(
            application=locked,
            from_status=locked.status,
            to_status=locked.status,
            by=by,
            note=text,
        )
        _message(locked, by, text)
    return locked


def add_internal_note(*, application: Application, by, text: str) -> InternalNote:
    """A note for the funding office only: the applicant never sees nor hears of it."""
    if not text.strip():
        raise FundingError(_("Bitte schreiben Sie eine Notiz."))
    if OFFICER not in roles_for(by, application):
        raise FundingError(_("Nur das Förderreferat schreibt interne Notizen."))
    return InternalNote.objects.create(application=application, author=by, text=text.strip())


def _message(application: Application, by, text: str) -> ApplicantMessage:
    message = ApplicantMessage.objects.create(application=application, author=by, text=text)
    notify(kinds.MESSAGE, message_id=message.pk)
    return message


def send_message(*, application: Application, by, text: str) -> ApplicantMessage:
    """A message to the applicant: in their history and by e-mail."""
    if not text.strip():
        raise FundingError(_("Bitte schreiben Sie eine Nachricht."))
    if OFFICER not in roles_for(by, application):
        raise FundingError(_("Nur das Förderreferat schreibt Nachrichten zu Anträgen."))
    with transaction.atomic():
        return _message(application, by, text.strip())


PAYABLE = (Status.AGREEMENT_SENT, Status.PAYING)


def _open_requests_total(application: Application) -> Decimal:
    return sum((r.amount for r in application.payment_requests.filter(payment__isnull=True)), ZERO)


def request_payment(
    *, application: Application, by, amount: Decimal, note: str = ""
) -> PaymentRequest:
    """The applicant's Mittelabruf: at most what is approved and neither paid nor asked for."""
    amount = Decimal(amount)
    with transaction.atomic():
        _call, locked = _lock(application)
        if APPLICANT not in roles_for(by, locked):
            raise FundingError(_("Nur die antragstellende Organisation ruft Mittel ab."))
        if locked.status not in PAYABLE:
            raise FundingError(
                _("Mittel können erst nach dem Zuwendungsbescheid abgerufen werden.")
            )
        available = (
            (locked.approved_amount or ZERO) - locked.paid_total() - _open_requests_total(locked)
        )
        if amount <= ZERO or amount > available:
            raise FundingError(
                _(
                    "Du kannst zwischen 0,01 € und %(available)s abrufen (bewilligt %(approved)s, "
                    "ausgezahlt oder schon abgerufen: der Rest)."
                )
                % {
                    "available": euro(max(available, ZERO)),
                    "approved": euro(locked.approved_amount or ZERO),
                }
            )
        request = PaymentRequest.objects.create(
            application=locked, amount=amount, note=note.strip()[:300], requested_by=by
        )
        notify(kinds.PAYMENT_REQUESTED, request_id=request.pk)
    return request


def pay_request(*, payment_request: PaymentRequest, by, paid_on: date | None = None) -> Payment:
    """The officer pays a Mittelabruf as the next instalment."""
    with transaction.atomic():
        locked = PaymentRequest.objects.select_for_update().get(pk=payment_request.pk)
        if locked.payment_id is not None:
            raise FundingError(_("Dieser Mittelabruf ist bereits ausgezahlt."))
        payment = record_payment(
            application=locked.application,
            by=by,
            amount=locked.amount,
            paid_on=paid_on,
            note=_("Mittelabruf vom %(date)s über %(amount)s ausgezahlt")
            % {
                "date": date_format(timezone.localtime(locked.requested_at), "d.m.Y"),
                "amount": euro(locked.amount),
            },
        )
        locked.payment = payment
        locked.save(update_fields=["payment"])
    return payment


def add_receipt(*, application: Application, by, data: dict) -> Receipt:
    """One line of the Belegliste of the proof being written."""
    with transaction.atomic():
        _call, locked = _lock(application)
        if locked.status != Status.PROOF_DUE or APPLICANT not in roles_for(by, locked):
            raise FundingError(_("Der Verwendungsnachweis kann gerade nicht bearbeitet werden."))
        item = data["budget_item"]
        if item.application_id != locked.pk:
            raise FundingError(_("Diese Kostenposition gehört zu einem anderen Antrag."))
        proof, _created = ProofOfUse.objects.get_or_create(application=locked)
        return Receipt.objects.create(
            proof=proof,
            budget_item=item,
            date=data["date"],
            payee=data["payee"],
            purpose=data["purpose"],
            amount=data["amount"],
        )


# --- review ---------------------------------------------------------------------------------------


def assign_reviewer(*, application: Application, reviewer, by) -> ReviewAssignment:
    if not is_officer(by, municipality_id_of(application)):
        raise FundingError(_("Nur das Förderreferat weist Gutachter:innen zu."))
    if not StaffMembership.objects.filter(
        user=reviewer,
        municipality_id=municipality_id_of(application),
        role=StaffMembership.Role.REVIEWER,
    ).exists():
        raise FundingError(_("Diese Person ist keine Gutachter:in dieser Kommune."))
    with transaction.atomic():
        assignment, created = ReviewAssignment.objects.get_or_create(
            application=application, reviewer=reviewer
        )
        if created:
            notify(kinds.ASSIGNMENT, assignment_id=assignment.pk)
    return assignment


def declare_conflict(*, assignment: ReviewAssignment, by, note: str = "") -> ReviewAssignment:
    """The reviewer declares a conflict of interest: their scores no longer count."""
    if assignment.reviewer_id != by.pk:
        raise FundingError(_("Nur die zugewiesene Person kann Befangenheit erklären."))
    with transaction.atomic():
        assignment.conflict_of_interest = True
        assignment.conflict_note = note
        assignment.save(update_fields=["conflict_of_interest", "conflict_note"])
        assignment.reviews.all().delete()
        notify(kinds.CONFLICT, assignment_id=assignment.pk)
    return assignment


def declare_no_conflict(*, assignment: ReviewAssignment, by) -> ReviewAssignment:
    """The reviewer declares, before reading the application, that no conflict of interest
    exists (the review page shows the application only after this or a conflict)."""
    if assignment.reviewer_id != by.pk:
        raise FundingError(_("Nur die zugewiesene Person gibt diese Erklärung ab."))
    if assignment.conflict_of_interest:
        raise FundingError(_("Sie haben bereits Befangenheit erklärt."))
    if assignment.no_conflict_at is None:
        assignment.no_conflict_at = timezone.now()
        assignment.save(update_fields=["no_conflict_at"])
    return assignment


def save_review(*, assignment: ReviewAssignment, by, scores: dict[int, tuple[int, str]]) -> None:
    """Store ``{criterion_id: (score, comment)}`` for an assignment."""
    if assignment.reviewer_id != by.pk:
        raise FundingError(_("Nur die zugewiesene Person kann bewerten."))
    if assignment.conflict_of_interest:
        raise FundingError(_("Sie haben Befangenheit erklärt und bewerten diesen Antrag nicht."))
    status = Application.objects.filter(pk=assignment.application_id).values_list(
        "status", flat=True
    )[0]
    if status not in (Status.IN_REVIEW, Status.SUBMITTED, Status.RESUBMITTED):
        raise FundingError(_("Der Antrag ist nicht in der Begutachtung."))
    criteria = set(assignment.application.call.programme.criteria.values_list("pk", flat=True))
    with transaction.atomic():
        for criterion_id, (score, comment) in scores.items():
            if criterion_id not in criteria or not 0 <= int(score) <= 5:
                raise FundingError(_("Ungültige Bewertung."))
            Review.objects.update_or_create(
                assignment=assignment,
                criterion_id=criterion_id,
                defaults={"score": int(score), "comment": comment},
            )
        assignment.completed_at = timezone.now()
        assignment.save(update_fields=["completed_at"])


# --- reminders ------------------------------------------------------------------------------

# Days before the proof-of-use deadline on which the organisation is reminded.
PROOF_REMINDER_DAYS = (14, 3)
# Approved projects whose proof of use is not in yet.
AWAITING_PROOF = (Status.APPROVED, Status.AGREEMENT_SENT, Status.PAYING, Status.PROOF_DUE)


def claim_proof_reminders(*, today: date, days: tuple[int, ...] = PROOF_REMINDER_DAYS) -> list[int]:
    """Record the reminders due ``today`` (a Europe/Berlin date) and return their ids.

    An application is due for the smallest threshold ``n`` with ``0 <= days left <= n``,
    so a day the job did not run is caught up the next day, and a deadline set only 10
    days ahead gets one reminder (at 14), not two. Each (application, threshold,
    deadline) is recorded once (unique constraint): a second run claims nothing.
    """
    thresholds = sorted(set(days))
    if not thresholds:
        return []
    decisions = Decision.objects.filter(
        application__status__in=AWAITING_PROOF,
        proof_due__gte=today,
        proof_due__lte=today + timedelta(days=thresholds[-1]),
    ).values_list("application_id", "proof_due")
    claimed: list[int] = []
    for application_id, proof_due in decisions:
        left = (proof_due - today).days
        threshold = next(n for n in thresholds if left <= n)
        with transaction.atomic():
            reminder, created = ProofReminder.objects.get_or_create(
                application_id=application_id, days_before=threshold, proof_due=proof_due
            )
        if created:
            claimed.append(reminder.pk)
    return claimed
