"""The form gate over every form of the portal and its admin (see ``tests/forms/gate.py``),
and its self-test: planted forms that 500, drop input or write half make it fail."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.e2e.portal_pages import build_world, visits_for
from tests.forms import gate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _staff_stay_signed_in(settings):
    """The gate signs each person in once and visits their pages in the world's order; on
    a loaded machine more than 30 minutes may pass between two visits of the same staff
    member, and their session would end by the idle timeout (tested on its own in
    tests/security)."""
    settings.STAFF_SESSION_IDLE_SECONDS = 24 * 60 * 60


def _client(world, user_attr: str | None) -> Client:
    client = Client(raise_request_exception=False)
    if user_attr:
        client.force_login(getattr(world.users, user_attr))
    return client


def run_portal_gate(tally: gate.Tally) -> set:
    """Every POST form on every page the accessibility gate visits (world ``one``)."""
    world = build_world("one")
    query = gate._count_query()
    seen: set = set()
    clients: dict = {}
    for visit in visits_for(world):
        if visit.method != "GET" or visit.status not in (200, (200,)):
            continue
        client = clients.get(visit.user) or clients.setdefault(
            visit.user, _client(world, visit.user)
        )
        response = client.get(visit.path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        for form in gate.forms_of(visit.path, response.content.decode()):
            if form.key in seen:
                continue
            seen.add(form.key)
            gate.attack_form(client, form, tally, query)
    return seen


def run_admin_gate(tally: gate.Tally, superuser) -> set:
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    query = gate._count_query()
    seen: set = set()
    for page in gate.admin_add_pages():
        response = client.get(page)
        if response.status_code != 200:
            continue  # no add permission by design (e.g. records made by the portal)
        for form in gate.forms_of(page, response.content.decode()):
            if form.key in seen:
                continue
            seen.add(form.key)
            gate.attack_form(client, form, tally, query)
    return seen


def _report(name: str, tally: gate.Tally) -> str:
    return (
        f"{name}: {tally.forms} forms, {tally.fields} fields, {tally.posts} hostile posts, "
        f"{tally.refused} refused with the form re-rendered, {len(tally.findings)} findings"
    )


def test_every_portal_form_keeps_input_and_never_fails(capsys):
    tally = gate.Tally()
    run_portal_gate(tally)
    with capsys.disabled():
        print("\n" + _report("form gate, portal", tally))
    assert tally.forms >= 20, "the discovery found too few forms"
    assert not tally.findings, "\n".join(map(str, tally.findings))


def test_every_admin_form_keeps_input_and_never_fails(superuser, capsys):
    tally = gate.Tally()
    run_admin_gate(tally, superuser)
    with capsys.disabled():
        print("\n" + _report("form gate, admin", tally))
    assert tally.forms >= 20, "the discovery found too few forms"
    assert not tally.findings, "\n".join(map(str, tally.findings))


# --- self-test: the gate catches what it is for -----------------------------------------------


@override_settings(ROOT_URLCONF="tests.forms.planted")
def test_the_gate_fails_on_planted_broken_forms():
    tally = gate.Tally()
    client = Client(raise_request_exception=False)
    query = gate._count_query()
    for page in ("/boom/", "/drops/", "/half/", "/good/"):
        html = client.get(page).content.decode()
        for form in gate.forms_of(page, html):
            gate.attack_form(client, form, tally, query)

    problems = {
        (f.form.action.rstrip("/").split("/")[-1], f.problem.split(" ")[0]) for f in tally.findings
    }
    assert ("boom", "HTTP") in problems  # the 500
    assert ("drops", "accepted") in problems  # the redirect that loses what was typed
    assert ("half", "refused,") in problems  # the row written before the refusal
    assert not [f for f in tally.findings if "good" in f.form.action]
