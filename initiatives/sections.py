"""The initiative detail page in one query.

The page has many small sections (themes, SDGs, districts, key figures, phases, partners,
council decisions with budget lines, updates, events, participation figures, the follow
state, the number of sub-projects). Prefetching each one costs a query per section, so the
detail query instead carries every section as a PostgreSQL array of JSON objects
(``ARRAY(SELECT jsonb_build_object(…) … ORDER BY … LIMIT …)``) next to the initiative's own
columns. Each correlated subquery reads along an index on the initiative's foreign key.
:func:`unpack` turns the arrays back into model instances (through ``Model.from_db`` and
each field's ``to_python``), so templates and rules keep using model methods.

Totals are computed in SQL: the one-off and annual budget sums per decision, the
participation figures, and the capped number of published sub-projects.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, JSONObject

from civicportal.core import paging
from civicportal.core.models import SDG, District, Municipality, Theme
from initiatives.models import (
    BudgetLine,
    CouncilDecision,
    Event,
    Follow,
    Idea,
    Initiative,
    KeyFigure,
    Moderation,
    Partner,
    Partnership,
    Phase,
    Update,
)

UPDATES_SHOWN = 5
EVENTS_SHOWN = 5
STATS_KEYS = ("received", "answered", "adopted", "implemented", "not_adopted", "under_review")


class CappedCount(Subquery):
    """``(SELECT COUNT(*) FROM (<subquery with LIMIT>))``: counts at most the limit."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped_count)"
    output_field = models.IntegerField()


def _columns(model, *, exclude=(), prefix: str = "") -> dict[str, Any]:
    """JSON keys for the concrete columns of ``model`` (reached through ``prefix``).
    Decimals travel as text so that no amount goes through a float."""
    columns: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in exclude or isinstance(field, models.GeneratedField):
            continue
        path = prefix + field.attname
        if isinstance(field, models.DecimalField):
            columns[field.attname] = Cast(path, models.TextField())
        else:
            columns[field.attname] = models.F(path)
    return columns


def _array(queryset, **columns) -> ArraySubquery:
    return ArraySubquery(queryset.values(json=JSONObject(**columns)))


def _instance(model, data: dict[str, Any]):
    """A model instance from one JSON object (keys are attnames; missing ones deferred)."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in data:
            names.append(field.attname)
            value = data[field.attname]
            values.append(None if value is None else field.to_python(value))
    return model.from_db("default", names, values)


def participation_stats_expression() -> Subquery:
    """One JSON object with the participation figures of the outer initiative.

    ``received``: ideas that are not waiting for pre-moderation; ``answered``: of those,
    ideas with a final answer (accepted, implemented or rejected); ``under_review``: ideas the
    editors are still examining (shown separately, not counted as answered)."""
    public = ~Q(moderation=Moderation.PENDING)
    counts = (
        Idea.objects.filter(initiative=OuterRef("pk"))
        .order_by()
        .values("initiative")
        .values(
            json=JSONObject(
                received=Count("pk", filter=public),
                answered=Count(
                    "pk",
                    filter=public
                    & Q(
                        answer_status__in=[
                            Idea.Answer.ADOPTED,
                            Idea.Answer.IMPLEMENTED,
                            Idea.Answer.NOT_ADOPTED,
                        ]
                    ),
                ),
                adopted=Count("pk", filter=public & Q(answer_status=Idea.Answer.ADOPTED)),
                implemented=Count("pk", filter=public & Q(answer_status=Idea.Answer.IMPLEMENTED)),
                not_adopted=Count("pk", filter=public & Q(answer_status=Idea.Answer.NOT_ADOPTED)),
                under_review=Count("pk", filter=public & Q(answer_status=Idea.Answer.UNDER_REVIEW)),
            )
        )
    )
    return Subquery(counts, output_field=models.JSONField())


def stats_from(value: dict | None) -> dict[str, int]:
    value = value or {}
    return {key: int(value.get(key) or 0) for key in STATS_KEYS}


def _sum(decision_lines, *, annual: bool) -> Coalesce:
    total = (
        decision_lines.filter(is_annual=annual)
        .order_by()
        .values("decision")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Cast(
        Coalesce(Subquery(total), Value(0), output_field=models.DecimalField()),
        models.TextField(),
    )


def detail_queryset(user) -> models.QuerySet[Initiative]:
    """Initiatives with every section of the detail page annotated (one query)."""
    outer = OuterRef("pk")
    lines = BudgetLine.objects.filter(decision=OuterRef("pk"))
    decisions = (
        CouncilDecision.objects.published().filter(initiative=outer).order_by("-decided_on", "pk")
    )
    events = (
        Event.objects.published()
        .upcoming()
        .filter(initiative=outer)
        .order_by("starts_at", "pk")[:EVENTS_SHOWN]
    )
    subprojects = (
        Initiative.objects.filter(parent=outer, is_published=True)
        .order_by()
        .values("pk")[: paging.CAP + 1]
    )
    if user.is_authenticated:
        following = Exists(Follow.objects.filter(initiative=outer, user=user.pk))
    else:
        following = Value(False)
    return Initiative.objects.select_related(
        "municipality", "office", "office__parent", "parent"
    ).annotate(
        themes_json=_array(Theme.objects.filter(initiatives=outer), **_columns(Theme)),
        sdgs_json=_array(SDG.objects.filter(initiatives=outer), **_columns(SDG)),
        districts_json=_array(District.objects.filter(initiatives=outer), **_columns(District)),
        key_figures_json=_array(KeyFigure.objects.filter(initiative=outer), **_columns(KeyFigure)),
        phases_json=_array(
            Phase.objects.filter(initiative=outer).order_by("position", "start_date", "pk"),
            **_columns(Phase),
        ),
        partnerships_json=_array(
            Partnership.objects.filter(initiative=outer).order_by(
                "partner__kind", "partner__name", "pk"
            ),
            **_columns(Partnership),
            partner=JSONObject(**_columns(Partner, prefix="partner__")),
        ),
        decisions_json=_array(
            decisions,
            **_columns(CouncilDecision),
            lines=_array(lines.order_by("position", "year", "pk"), **_columns(BudgetLine)),
            total_once=_sum(lines, annual=False),
            total_annual=_sum(lines, annual=True),
        ),
        updates_json=_array(
            Update.objects.published().filter(initiative=outer)[:UPDATES_SHOWN],
            **_columns(Update, exclude={"body"}),
        ),
        events_json=_array(
            events,
            **_columns(Event, exclude={"description"}),
            municipality_name=models.F("municipality__name"),
        ),
        stats_json=participation_stats_expression(),
        subproject_count=CappedCount(subprojects),
        is_following=following,
    )


def with_participation(queryset: models.QuerySet[Initiative]) -> models.QuerySet[Initiative]:
    """Annotate the phases and the participation figures (for the ideas pages): the
    participation state then needs no further query (see :func:`phases_of`)."""
    return queryset.annotate(
        phases_json=_array(
            Phase.objects.filter(initiative=OuterRef("pk")).order_by(
                "position", "start_date", "pk"
            ),
            **_columns(Phase),
        ),
        stats_json=participation_stats_expression(),
    )


def phases_of(initiative: Initiative) -> list[Phase] | None:
    """The phases annotated by :func:`with_participation` or :func:`detail_queryset`."""
    if not hasattr(initiative, "phases_json"):
        return None
    return [_instance(Phase, d) for d in initiative.phases_json]


def unpack(initiative: Initiative) -> dict[str, Any]:
    """The sections of an initiative from :func:`detail_queryset` as model instances."""
    partnerships = []
    for data in initiative.partnerships_json:
        partnership = _instance(Partnership, data)
        partnership.partner = _instance(Partner, data["partner"])
        partnerships.append(partnership)
    decisions = []
    for data in initiative.decisions_json:
        decision = _instance(CouncilDecision, data)
        decision.lines = [_instance(BudgetLine, line) for line in data["lines"]]
        decision.budget_totals = {
            "once": BudgetLine._meta.get_field("amount").to_python(data["total_once"]),
            "annual": BudgetLine._meta.get_field("amount").to_python(data["total_annual"]),
        }
        decisions.append(decision)
    updates = []
    for data in initiative.updates_json:
        update = _instance(Update, data)
        update.initiative = initiative
        updates.append(update)
    events = []
    for data in initiative.events_json:
        event = _instance(Event, data)
        event.initiative = initiative
        if event.municipality_id == initiative.municipality_id:
            event.municipality = initiative.municipality
        else:
            event.municipality = Municipality.from_db(
                "default", ["id", "name"], [event.municipality_id, data["municipality_name"]]
            )
        events.append(event)
    return {
        "themes": [_instance(Theme, d) for d in initiative.themes_json],
        "sdgs": [_instance(SDG, d) for d in initiative.sdgs_json],
        "districts": [_instance(District, d) for d in initiative.districts_json],
        "key_figures": [_instance(KeyFigure, d) for d in initiative.key_figures_json],
        "phases": [_instance(Phase, d) for d in initiative.phases_json],
        "partnerships": partnerships,
        "decisions": decisions,
        "updates": updates,
        "events": events,
        "stats": stats_from(initiative.stats_json),
        "subproject_count": initiative.subproject_count,
        "is_following": bool(initiative.is_following),
    }
