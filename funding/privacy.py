"""GDPR hooks of the funding part.

Funding records are records the city must keep (budget law, audit): applications,
decisions, payments and the audit trail stay. Erasure reduces the author's personal data:
the links from these records to the account are cleared, so only the organisation
remains as the applicant. A reviewer's assignments and scores are part of that record
too (the weighted averages behind decisions): they stay, pseudonymised as
"Gutachter:in (gelöscht)" (``ReviewAssignment.reviewer`` is set to NULL, also by the
database's ``SET_NULL`` if the account is deleted some other way).
"""

from __future__ import annotations

from django.db import transaction

from funding.models import (
    Application,
    Attachment,
    Decision,
    Payment,
    ReviewAssignment,
    StatusChange,
)


def _proof(application: Application) -> dict | None:
    proof = getattr(application, "proof", None)
    if proof is None:
        return None
    return {
        "narrative": proof.narrative,
        "people_reached": proof.people_reached,
        "submitted_at": proof.submitted_at.isoformat() if proof.submitted_at else None,
        "actual_costs": [
            {"budget_item": line.budget_item_id, "amount": str(line.amount)}
            for line in proof.lines.all()
        ],
        "actual_income": [
            {"income_line": line.income_line_id, "amount": str(line.amount)}
            for line in proof.income_actuals.all()
        ],
        "unplanned_income": str(proof.unplanned_income),
    }


def export_user_data(user) -> dict:
    applications = (
        Application.objects.filter(author=user)
        .select_related("call__programme", "organisation", "district", "proof")
        .prefetch_related("budget_items", "income_lines", "proof__lines", "proof__income_actuals")
    )
    return {
        "applications": [
            {
                "reference": a.reference,
                "title": a.title,
                "programme": a.call.programme.title,
                "call": a.call.title,
                "organisation": a.organisation.name,
                "status": a.applicant_status,
                "requested_amount": str(a.requested_amount),
                "approved_amount": str(a.approved_amount)
                if a.approved_amount is not None
                else None,
                "created_at": a.created_at.isoformat(),
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                # what the person wrote: the texts and the financing plan
                "summary": a.summary,
                "description": a.description,
                "goals": a.goals,
                "target_groups": a.target_groups,
                "district": a.district.name if a.district else None,
                "start_date": a.start_date.isoformat() if a.start_date else None,
                "end_date": a.end_date.isoformat() if a.end_date else None,
                "own_contribution": str(a.own_contribution),
                "total_income": str(a.total_income),
                "total_costs": str(a.total_costs),
                "publication_consent": a.publication_consent,
                "financing_plan": [
                    {
                        "category": item.category,
                        "description": item.description,
                        "amount": str(item.amount),
                    }
                    for item in a.budget_items.all()
                ],
                "income_plan": [
                    {
                        "id": line.pk,
                        "kind": line.kind,
                        "description": line.description,
                        "funder": line.funder,
                        "funder_status": line.funder_status,
                        "amount": str(line.amount),
                    }
                    for line in a.income_lines.all()
                ],
                "proof_of_use": _proof(a),
            }
            for a in applications
        ],
        "status_changes": [
            {
                "application": change.application.reference or change.application.title,
                "to": change.to_status,
                "at": change.at.isoformat(),
                "note": change.note,
            }
            for change in StatusChange.objects.filter(by=user).select_related("application")
        ],
        "attachments": [
            {
                "application": att.application.reference or att.application.title,
                "file_name": att.original_name,
                "uploaded_at": att.uploaded_at.isoformat(),
            }
            for att in Attachment.objects.filter(uploaded_by=user).select_related("application")
        ],
        "reviews": [
            {
                "application": assignment.application.reference,
                "conflict_of_interest": assignment.conflict_of_interest,
                "scores": [
                    {"criterion": r.criterion.name, "score": r.score, "comment": r.comment}
                    for r in assignment.reviews.all()
                ],
            }
            for assignment in ReviewAssignment.objects.filter(reviewer=user)
            .select_related("application")
            .prefetch_related("reviews__criterion")
        ],
    }


def erase_user_data(user) -> None:
    with transaction.atomic():
        Application.objects.filter(author=user).update(author=None)
        StatusChange.objects.filter(by=user).update(by=None)
        Attachment.objects.filter(uploaded_by=user).update(uploaded_by=None)
        Decision.objects.filter(decided_by=user).update(decided_by=None)
        Payment.objects.filter(created_by=user).update(created_by=None)
        ReviewAssignment.objects.filter(reviewer=user).update(reviewer=None)
