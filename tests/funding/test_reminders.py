"""``send_proof_of_use_reminders``: 14 and 3 days before the deadline, once each."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from funding.models import Application, Decision, ProofReminder, Status
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def _awaiting_proof(application, proof_due: datetime.date, status=Status.PAYING) -> Application:
    Application.objects.filter(pk=application.pk).update(
        status=status, approved_amount=Decimal("2500"), reference="DF-2026-0001"
    )
    Decision.objects.create(
        application=application, amount=Decimal("2500"), purpose="Fest", proof_due=proof_due
    )
    return application


def _run(moment: datetime.datetime) -> list:
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        call_command("send_proof_of_use_reminders", stdout=io.StringIO())
    return list(mail.outbox)


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=BERLIN)


def test_reminder_goes_to_every_member_14_days_before(application, organisation, org_member):
    colleague = UserFactory(email="kollegin@example.org")
    MembershipFactory(user=colleague, organisation=organisation)
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)

    sent = _run(_noon(due - datetime.timedelta(days=14)))

    assert sorted(message.to[0] for message in sent) == sorted(
        [org_member.email, "kollegin@example.org"]
    )
    assert all(len(message.to) == 1 for message in sent)
    assert sent[0].subject.endswith(f"Erinnerung: Verwendungsnachweis fällig – {application.title}")
    assert "bis zum 30. September 2026 fällig" in sent[0].body
    assert "in 14 Tagen" in sent[0].body
    assert f"/foerderung/antraege/{application.pk}/" in sent[0].body


def test_second_run_same_day_sends_nothing(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)
    first = _run(_noon(due - datetime.timedelta(days=14)))

    second = _run(_noon(due - datetime.timedelta(days=14)) + datetime.timedelta(hours=3))

    assert (len(first), len(second)) == (1, 0)
    assert list(ProofReminder.objects.values_list("days_before", "proof_due")) == [(14, due)]


def test_reminders_at_14_and_3_days_and_none_in_between(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)

    counts = {
        left: len(_run(_noon(due - datetime.timedelta(days=left))))
        for left in (20, 15, 14, 13, 4, 3, 2, 0)
    }

    assert counts == {20: 0, 15: 0, 14: 1, 13: 0, 4: 0, 3: 1, 2: 0, 0: 0}


def test_missed_day_is_caught_up_once(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)

    late = _run(_noon(due - datetime.timedelta(days=12)))
    again = _run(_noon(due - datetime.timedelta(days=11)))

    assert (len(late), len(again)) == (1, 0)
    assert "in 12 Tagen" in late[0].body


def test_no_reminder_once_proof_submitted(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due, status=Status.PROOF_SUBMITTED)

    assert _run(_noon(due - datetime.timedelta(days=3))) == []
    assert not ProofReminder.objects.exists()


def test_day_boundary_is_berlin_not_utc(application, org_member):
    # 29 Oct 2026 23:30 UTC is already 30 Oct 00:30 in Berlin (CET, after the DST change).
    due = datetime.date(2026, 11, 13)
    _awaiting_proof(application, due)

    before_midnight = _run(datetime.datetime(2026, 10, 29, 22, 30, tzinfo=datetime.UTC))
    after_midnight = _run(datetime.datetime(2026, 10, 29, 23, 30, tzinfo=datetime.UTC))

    assert (len(before_midnight), len(after_midnight)) == (0, 1)


def test_changed_deadline_gets_its_own_reminder(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)
    _run(_noon(due - datetime.timedelta(days=14)))
    later = datetime.date(2026, 10, 31)
    Decision.objects.filter(application=application).update(proof_due=later)

    sent = _run(_noon(later - datetime.timedelta(days=14)))

    assert len(sent) == 1
    assert ProofReminder.objects.count() == 2


def test_deadline_set_for_today_says_today(application, org_member):
    due = datetime.date(2026, 9, 30)
    _awaiting_proof(application, due)

    sent = _run(_noon(due))

    assert len(sent) == 1
    assert "Verwendungsnachweis heute fällig" in sent[0].body
