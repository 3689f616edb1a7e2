"""GDPR: a reviewer's scores stay in the funding record, pseudonymised."""

from __future__ import annotations

import pytest

from civicportal.core.models import StaffMembership
from funding import privacy, services
from funding.admin import ReviewAssignmentForm
from funding.models import Application, Review, ReviewAssignment, Status
from tests.factories import StaffMembershipFactory, UserFactory
from tests.funding.factories import CriterionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(application, programme, reviewer, chemnitz):
    """Two reviewers scored the application: 4/0 and 2/2 on criteria weighted 3 and 1."""
    impact = CriterionFactory(programme=programme, weight=3)
    feasibility = CriterionFactory(programme=programme, weight=1)
    second = UserFactory(is_staff=True)
    StaffMembershipFactory(user=second, municipality=chemnitz, role=StaffMembership.Role.REVIEWER)
    Application.objects.filter(pk=application.pk).update(status=Status.IN_REVIEW)
    application.refresh_from_db()
    first = ReviewAssignment.objects.create(application=application, reviewer=reviewer)
    other = ReviewAssignment.objects.create(application=application, reviewer=second)
    services.save_review(
        assignment=first, by=reviewer, scores={impact.pk: (4, "tragfähig"), feasibility.pk: (0, "")}
    )
    services.save_review(
        assignment=other, by=second, scores={impact.pk: (2, ""), feasibility.pk: (2, "")}
    )
    return first


def _score(application) -> float:
    return Application.objects.with_scores().get(pk=application.pk).weighted_score


def test_erase_keeps_reviewer_scores_pseudonymised(scored, application, reviewer):
    before = _score(application)

    privacy.erase_user_data(reviewer)

    scored.refresh_from_db()
    assert scored.reviewer_id is None
    assert str(scored) == f"Gutachter:in (gelöscht) → {application}"
    assert list(scored.reviews.order_by("criterion__weight").values_list("score", "comment")) == [
        (0, ""),
        (4, "tragfähig"),
    ]
    assert _score(application) == pytest.approx(before)
    assert before == pytest.approx((4 * 3 + 0 + 2 * 3 + 2) / 8)


def test_deleting_reviewer_account_keeps_scores(scored, application, reviewer):
    before = _score(application)

    reviewer.delete()

    assert ReviewAssignment.objects.filter(application=application).count() == 2
    assert Review.objects.filter(assignment__application=application).count() == 4
    assert ReviewAssignment.objects.filter(reviewer__isnull=True).get() == scored
    assert _score(application) == pytest.approx(before)


def test_export_lists_reviewer_scores(scored, reviewer, application):
    data = privacy.export_user_data(reviewer)

    assert [r["application"] for r in data["reviews"]] == [application.reference]
    assert sorted((r["score"], r["comment"]) for r in data["reviews"][0]["scores"]) == [
        (0, ""),
        (4, "tragfähig"),
    ]


def test_admin_form_requires_reviewer_for_new_assignment(application):
    form = ReviewAssignmentForm(data={"reviewer": ""}, instance=ReviewAssignment())
    form.parent_application = application

    assert not form.is_valid()
    assert form.errors["reviewer"] == ["Bitte wählen Sie eine Gutachter:in."]


def test_admin_form_keeps_pseudonymised_assignment(scored, application, reviewer):
    privacy.erase_user_data(reviewer)
    scored.refresh_from_db()

    form = ReviewAssignmentForm(data={"reviewer": ""}, instance=scored)

    assert form.is_valid(), form.errors
