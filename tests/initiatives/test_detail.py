import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from civicportal.core.models import SDG
from initiatives.models import BudgetLine, CouncilDecision, KeyFigure, Partner, Partnership
from initiatives.text import render_markdown
from tests.initiatives.factories import (
    EventFactory,
    FollowFactory,
    IdeaFactory,
    InitiativeFactory,
    PhaseFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


def _full(initiative, chemnitz, rows: int) -> None:
    today = timezone.localdate()
    initiative.sdgs.set(SDG.objects.filter(number__in=[11, 13]))
    for i in range(rows):
        KeyFigure.objects.create(initiative=initiative, value=str(i), label=f"Zahl {i}")
        PhaseFactory(
            initiative=initiative,
            is_participation=False,
            start_date=today - datetime.timedelta(days=30 - i),
            end_date=today - datetime.timedelta(days=29 - i),
        )
        partner = Partner.objects.create(name=f"Partner {i}", kind=Partner.Kind.SCIENCE)
        Partnership.objects.create(initiative=initiative, partner=partner)
        UpdateFactory(initiative=initiative)
        EventFactory(municipality=chemnitz, initiative=initiative)
        decision = CouncilDecision.objects.create(
            municipality=chemnitz,
            initiative=initiative,
            title=f"Beschluss {i}",
            decided_on=today,
            is_published=True,
        )
        BudgetLine.objects.create(decision=decision, purpose="Zweck", amount=100, year=2017)
        InitiativeFactory(municipality=chemnitz, parent=initiative)


def test_detail_shows_key_figures_budget_totals_and_partners(client, chemnitz, initiative):
    KeyFigure.objects.create(initiative=initiative, value="170+", label="Allianzpartner")
    decision = CouncilDecision.objects.create(
        municipality=chemnitz,
        initiative=initiative,
        title="City Lab",
        decided_on=datetime.date(2017, 1, 25),
        is_published=True,
    )
    BudgetLine.objects.create(
        decision=decision, purpose="Stabsstelle", amount=50000, year=2017, year_to=2018
    )
    BudgetLine.objects.create(decision=decision, purpose="Morgenstadt", amount=7500, year=2017)
    BudgetLine.objects.create(
        decision=decision, purpose="Mobilitätswoche", amount=10000, is_annual=True
    )
    partner = Partner.objects.create(name="TU Chemnitz", kind=Partner.Kind.SCIENCE)
    Partnership.objects.create(initiative=initiative, partner=partner)

    # the text as read: line breaks of the template's markup are spaces
    content = " ".join(client.get(initiative.get_absolute_url()).content.decode().split())

    assert "170+" in content
    assert "2017/18" in content
    assert "57.500 €" in content  # one-off total
    assert "10.000 € pro Jahr" in content
    assert "Wissenschaft" in content
    assert "TU Chemnitz" in content
    assert decision.totals() == {"once": Decimal(57500), "annual": Decimal(10000)}


def test_detail_marks_current_phase(client, initiative):
    today = timezone.localdate()
    PhaseFactory(
        initiative=initiative,
        title="Vorbei",
        is_participation=False,
        start_date=today - datetime.timedelta(days=40),
        end_date=today - datetime.timedelta(days=20),
    )
    current = PhaseFactory(initiative=initiative, title="Jetzt", is_participation=False)

    response = client.get(initiative.get_absolute_url())

    assert response.context["current_phase"] == current
    assert 'aria-current="step"' in response.content.decode()


def test_subprojects_are_paged(client, chemnitz, initiative):
    for i in range(30):
        InitiativeFactory(municipality=chemnitz, parent=initiative, title=f"Teil {i:02d}")

    first = client.get(initiative.get_absolute_url())
    third = client.get(initiative.get_absolute_url(), {"teilprojekte": 3})

    assert [s.title for s in first.context["subprojects"].object_list][:2] == ["Teil 00", "Teil 01"]
    assert first.context["subprojects"].count == 30
    assert [s.title for s in third.context["subprojects"].object_list] == [
        f"Teil {i}" for i in range(24, 30)
    ]


def test_unpublished_initiative_is_404_for_public_but_visible_to_its_editor(
    client, chemnitz, editor_chemnitz, editor_dortmund
):
    draft = InitiativeFactory(municipality=chemnitz, is_published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor_dortmund)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor_chemnitz)
    assert client.get(draft.get_absolute_url()).status_code == 200


DETAIL_QUERY_BUDGET = 8  # issue 8: at most 8 queries per page, whatever the rows


@pytest.mark.parametrize("rows", [1, 15])
def test_detail_query_count_is_constant(
    client, chemnitz, initiative, resident, django_assert_max_num_queries, rows
):
    _full(initiative, chemnitz, rows)
    FollowFactory(user=resident, initiative=initiative)
    client.force_login(resident)

    with django_assert_max_num_queries(DETAIL_QUERY_BUDGET):
        response = client.get(initiative.get_absolute_url())

    content = response.content.decode()
    last = rows - 1
    assert f"Zahl {last}" in content  # key figures
    assert f"Partner {last}" in content  # partnerships with their partner
    assert f"Beschluss {last}" in content  # council decisions
    assert content.count(">100 €</td>") == 2 * rows  # each line and its decision total
    assert len(response.context["updates"]) == min(rows, 5)
    assert len(response.context["events"]) == min(rows, 5)
    assert len(response.context["phases"]) == rows
    assert response.context["subprojects"].count == rows
    assert [s.number for s in response.context["sdgs"]] == [11, 13]
    assert response.context["is_following"] is True
    assert "Nicht mehr folgen" in content


@pytest.mark.parametrize("subprojects", [2, 60])
def test_detail_with_many_subprojects_and_ideas_stays_in_budget(
    client, chemnitz, initiative, open_phase, django_assert_max_num_queries, subprojects
):
    InitiativeFactory.create_batch(subprojects, municipality=chemnitz, parent=initiative)
    IdeaFactory.create_batch(subprojects, initiative=initiative)

    with django_assert_max_num_queries(DETAIL_QUERY_BUDGET):
        response = client.get(initiative.get_absolute_url(), {"teilprojekte": 2})

    page = response.context["subprojects"]
    assert page.count == subprojects
    assert page.number == (2 if subprojects > 12 else 1)
    assert response.context["stats"]["received"] == subprojects
    assert response.context["is_following"] is False


def test_detail_subproject_count_is_capped(client, chemnitz, initiative, monkeypatch):
    monkeypatch.setattr("civicportal.core.paging.CAP", 3)
    InitiativeFactory.create_batch(5, municipality=chemnitz, parent=initiative)
    InitiativeFactory(municipality=chemnitz, parent=initiative, is_published=False)

    response = client.get(initiative.get_absolute_url())

    assert response.context["subproject_count"] == 4  # counted up to CAP + 1, then stops
    assert "Teilprojekte (1.000+)" in " ".join(response.content.decode().split())


def test_detail_shows_events_of_other_municipality_with_their_name(
    client, chemnitz, dortmund, initiative
):
    EventFactory(municipality=dortmund, initiative=initiative, title="Gasttermin")
    EventFactory(municipality=chemnitz, initiative=initiative, title="Heimtermin")

    response = client.get(initiative.get_absolute_url())

    names = {e.title: e.municipality.name for e in response.context["events"]}
    assert names == {"Gasttermin": dortmund.name, "Heimtermin": chemnitz.name}


def test_detail_budget_totals_come_from_sql_and_match_the_model(client, chemnitz, initiative):
    decision = CouncilDecision.objects.create(
        municipality=chemnitz,
        initiative=initiative,
        title="Haushalt",
        decided_on=timezone.localdate(),
        is_published=True,
    )
    BudgetLine.objects.create(decision=decision, purpose="A", amount=Decimal("0.10"), year=2020)
    BudgetLine.objects.create(decision=decision, purpose="B", amount=Decimal("0.20"), year=2020)
    BudgetLine.objects.create(decision=decision, purpose="C", amount=Decimal("5"), is_annual=True)

    response = client.get(initiative.get_absolute_url())

    (shown,) = response.context["decisions"]
    assert (
        shown.budget_totals
        == decision.totals()
        == {
            "once": Decimal("0.30"),
            "annual": Decimal("5.00"),
        }
    )
    assert [line.purpose for line in shown.lines] == ["A", "B", "C"]


def test_markdown_is_sanitised():
    html = render_markdown("**fett** <script>alert(1)</script> [x](javascript:alert(1))")

    assert "<strong>fett</strong>" in html
    assert "<script>" not in html
    assert "javascript:" not in html


def test_update_detail_renders_markdown(client, initiative):
    update = UpdateFactory(initiative=initiative, body="## Zwischenstand\n\nAlles **gut**.")

    content = client.get(update.get_absolute_url()).content.decode()

    assert "<h2>Zwischenstand</h2>" in content


def test_initiative_page_lists_its_opportunity_and_funded_project(client, initiative):
    from funding.models import Application, Status
    from tests.funding.factories import ApplicationFactory
    from tests.volunteering.factories import OpportunityFactory

    OpportunityFactory(initiative=initiative, title="Radwege kartieren")
    OpportunityFactory(initiative=initiative, title="Geheimes Angebot", is_published=False)
    OpportunityFactory(title="Anderswo helfen")
    funded = ApplicationFactory(initiative=initiative, title="Lastenrad-Verleih")
    hidden = ApplicationFactory(
        initiative=initiative, title="Ohne Zustimmung", publication_consent=False
    )
    pending = ApplicationFactory(initiative=initiative, title="Noch in Prüfung")
    Application.objects.filter(pk__in=[funded.pk, hidden.pk]).update(
        status=Status.APPROVED, approved_amount=Decimal("2500")
    )
    Application.objects.filter(pk=pending.pk).update(status=Status.IN_REVIEW)

    response = client.get(reverse("initiatives:detail", args=[initiative.slug]))

    blocks = {
        block.key: [item.title for item in block.items] for block in response.context["related"]
    }
    assert blocks == {"opportunities": ["Radwege kartieren"], "funded": ["Lastenrad-Verleih"]}
    page = response.content.decode()
    assert "Mitmachen: Engagement-Angebote" in page
    assert "Radwege kartieren" in page
    assert "Geförderte Projekte" in page
    assert "Lastenrad-Verleih" in page
    assert funded.organisation.name in page
    for absent in ("Geheimes Angebot", "Anderswo helfen", "Ohne Zustimmung", "Noch in Prüfung"):
        assert absent not in page


def test_initiative_page_without_related_records_shows_no_block(client, initiative):
    response = client.get(reverse("initiatives:detail", args=[initiative.slug]))

    assert response.context["related"] == []
    assert "Mitmachen: Engagement-Angebote" not in response.content.decode()


def test_image_needs_alt_text(initiative):
    from django.core.exceptions import ValidationError

    initiative.image = "initiatives/2026/bild.png"
    initiative.image_alt = ""

    with pytest.raises(ValidationError) as error:
        initiative.full_clean()

    assert "image_alt" in error.value.message_dict
