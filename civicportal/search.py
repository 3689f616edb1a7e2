"""One search over the portal: PostgreSQL full-text search with the German configuration.

Every kind of result reads the stored, GIN-indexed ``search_vector`` of its model. A search
costs a fixed number of queries whatever the data:

- one query, a ``UNION ALL`` with one branch per kind: the kind's capped count and, in the
  overview, its top hits or, for one kind (``?art=``), that kind's page of hits, each with
  its snippet (the other kinds' counts are the chips);
- when nothing is found, one more for a typo-tolerant suggestion (``pg_trgm``);
- a page past the end (an old link) costs one more, for the last page.

Ranking is approximate for frequent words: a kind's matches are capped at ``COUNT_CAP + 1``
candidates (the first ones the GIN index yields, in table order) before they are ranked,
so a search costs about the same whether a word is in 100 rows or in 100,000. Where a kind
has more matches than the cap (its count shows as "1.000+"), the best hits among the
candidates are shown, not necessarily the best of all matches; up to the cap the ranking
is exact, and paging runs through exactly the candidates that are counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from civicportal.core import search as engine
from civicportal.core.models import Municipality, Organisation
from civicportal.core.paging import last_page, page_number
from civicportal.core.search import BoundQuery, Match
from funding.models import Application
from initiatives.models import CouncilDecision, Event, Idea, Initiative, Moderation, Phase, Update
from volunteering.models import Opportunity

CONFIG = engine.CONFIG
COUNT_CAP = 1000  # counts above this show as "1.000+"
OVERVIEW_PER_KIND = 3
PAGE_SIZE = 10
# Markers for SearchHeadline that never occur in text: the snippet is escaped first, then
# the markers become <mark> elements.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Kind:
    key: str  # the value of ?art=
    label: object  # plural, translatable
    queryset: Callable[[], models.QuerySet]  # the public records of the kind
    title: str
    snippet: Callable[[], models.Expression]
    municipality_path: str
    # The further fields (ORM paths) that ``url`` and ``meta`` read: a hit's record is
    # rebuilt from its title, its municipality's name and these, without another query.
    fields: tuple[str, ...] = ()
    url: Callable[[models.Model], str] = lambda obj: obj.get_absolute_url()
    meta: Callable[[models.Model], str] = lambda obj: ""

    @cached_property
    def model(self) -> type[models.Model]:
        return self.queryset().model

    @property
    def paths(self) -> tuple[str, ...]:
        return (self.title, f"{self.municipality_path}__name", *self.fields)


def _concat(*names: str) -> Callable[[], models.Expression]:
    def build() -> models.Expression:
        if len(names) == 1:
            return F(names[0])
        parts: list = []
        for name in names:
            if parts:
                parts.append(Value(" "))
            parts.append(F(name))
        return Concat(*parts, output_field=models.TextField())

    return build


def _event_meta(event) -> str:
    return date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


def _funded_url(application) -> str:
    """The public list of funded projects, searched for this project's title."""
    return f"{reverse('funding:funded')}?{urlencode({'q': application.title})}"


KINDS: tuple[Kind, ...] = (
    Kind(
        key="initiativen",
        label=_("Initiativen"),
        queryset=lambda: Initiative.objects.published(),
        title="title",
        snippet=_concat("summary", "body"),
        municipality_path="municipality",
        fields=("slug",),
    ),
    Kind(
        key="neuigkeiten",
        label=_("Neuigkeiten"),
        queryset=lambda: Update.objects.published(),
        title="title",
        snippet=_concat("subtitle", "body"),
        municipality_path="initiative__municipality",
        fields=("initiative__slug", "initiative__title"),
        meta=lambda update: update.initiative.title,
    ),
    Kind(
        key="ideen",
        label=_("Ideen"),
        queryset=lambda: Idea.objects.filter(
            moderation=Moderation.PUBLISHED, initiative__is_published=True
        ),
        title="title",
        snippet=_concat("body"),
        municipality_path="initiative__municipality",
        fields=("initiative__slug", "initiative__title"),
        meta=lambda idea: idea.initiative.title,
    ),
    Kind(
        key="phasen",
        label=_("Phasen"),
        queryset=lambda: Phase.objects.filter(initiative__is_published=True),
        title="title",
        snippet=_concat("description"),
        municipality_path="initiative__municipality",
        fields=("initiative__slug", "initiative__title"),
        url=lambda phase: phase.initiative.get_absolute_url() + "#phases-heading",
        meta=lambda phase: phase.initiative.title,
    ),
    Kind(
        key="beschluesse",
        label=_("Ratsbeschlüsse"),
        queryset=lambda: CouncilDecision.objects.published().filter(initiative__is_published=True),
        title="title",
        snippet=_concat("summary", "reference"),
        municipality_path="municipality",
        fields=("initiative__slug", "initiative__title"),
        url=lambda decision: decision.initiative.get_absolute_url() + "#decisions-heading",
        meta=lambda decision: decision.initiative.title,
    ),
    Kind(
        key="termine",
        label=_("Termine"),
        queryset=lambda: Event.objects.published(),
        title="title",
        snippet=_concat("description", "location"),
        municipality_path="municipality",
        fields=("starts_at",),
        meta=_event_meta,
    ),
    Kind(
        key="engagement",
        label=_("Engagement"),
        queryset=lambda: Opportunity.objects.published(),
        title="title",
        snippet=_concat("summary", "description"),
        municipality_path="municipality",
        fields=("slug", "organisation__name"),
        meta=lambda opportunity: opportunity.organisation.name,
    ),
    Kind(
        key="organisationen",
        label=_("Organisationen"),
        queryset=lambda: Organisation.objects.verified(),
        title="name",
        snippet=_concat("description"),
        municipality_path="municipality",
        fields=("slug",),
    ),
    Kind(
        key="gefoerderte-projekte",
        label=_("Geförderte Projekte"),
        queryset=lambda: Application.objects.funded_public(),
        title="title",
        snippet=_concat("summary", "description"),
        municipality_path="call__programme__municipality",
        fields=("organisation__name",),
        url=_funded_url,
        meta=lambda application: application.organisation.name,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Hit:
    title: str
    url: str
    snippet: SafeString
    meta: str
    municipality: str


@dataclass
class Group:
    kind: Kind
    count: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_CAP)


@dataclass
class Results:
    query: str
    groups: list[Group]
    kind: Kind | None = None
    page: int = 1
    suggestion: str = ""

    @property
    def total(self) -> int:
        return sum(group.shown_count for group in self.groups)

    @property
    def capped(self) -> bool:
        return any(group.capped for group in self.groups)


_Bound = BoundQuery
_Match = Match


def _search_query(text: str) -> _Bound:
    """The portal's one query (``civicportal.core.search.search_query``), the same the
    list searches use."""
    return engine.search_query(text)


def _matches(kind: Kind, query: _Bound, municipality: Municipality | None):
    qs = kind.queryset().filter(_Match(F("search_vector"), query))
    if municipality is not None:
        qs = qs.filter(**{kind.municipality_path: municipality})
    return qs


def _display(kind: Kind, query: _Bound) -> tuple[str, list]:
    """SQL of the snippet and the fields of the hit in ``hit_page.pk`` (a LATERAL join)."""
    qs = (
        kind.model._base_manager.filter(
            pk=RawSQL('"hit_page"."pk"', [], output_field=models.BigIntegerField())
        )
        .annotate(
            hit_headline=SearchHeadline(
                kind.snippet(),
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            hit_fields=JSONObject(**{path: F(path) for path in kind.paths}),
        )
        .order_by()
        .values_list("hit_headline", "hit_fields")
    )
    return qs.query.sql_with_params()


# One branch of the search statement per kind, built around SQL from the ORM (its
# parameters kept apart: nothing user-typed is formatted into the string). Columns: kind,
# pk, rank, capped count, headline, fields; a ranked branch yields the page of hits (or
# one row without a hit, for the count), a counted branch one row with the count.
_RANKED = (
    "(SELECT %s, hit_page.pk, hit_page.hit_rank, hit_count.total,"
    " hit_display.headline, hit_display.fields"
    " FROM (SELECT count(*) AS total FROM {alias}) AS hit_count"
    " LEFT JOIN (SELECT pk, hit_rank FROM {alias}"
    " ORDER BY hit_rank DESC, pk LIMIT %s OFFSET %s) AS hit_page ON true"
    " LEFT JOIN LATERAL ({display}) AS hit_display(headline, fields) ON true)"
)
_COUNTED = (
    "(SELECT %s, NULL::bigint, NULL::real, count(*), NULL::text, NULL::jsonb"
    " FROM ({candidates}) AS hit_candidates)"
)


def _fetch(
    query: _Bound, municipality: Municipality | None, pages: dict[str, tuple[int, int]]
) -> dict[str, tuple[int, list[Hit]]]:
    """Every kind's capped count and, for the kinds in ``pages``, its hits start…stop, in
    one query.

    A kind's candidates are its first COUNT_CAP + 1 matches (GIN index, table order); the
    count is theirs, the hits are the best ranked among them, and only the hits shown get
    a snippet (``ts_headline`` parses the whole text) and their fields joined.
    """
    ctes, branches = [], []
    cte_params: list = []
    params: list = []
    for kind in KINDS:
        matches = _matches(kind, query, municipality).order_by()
        if kind.key in pages:
            start, stop = pages[kind.key]
            alias = "hit_" + kind.key.replace("-", "_")
            sql, sql_params = (
                matches.annotate(hit_rank=SearchRank(F("search_vector"), query))
                .values_list("pk", "hit_rank")[: COUNT_CAP + 1]
                .query.sql_with_params()
            )
            ctes.append(f"{alias}(pk, hit_rank) AS ({sql})")
            cte_params.extend(sql_params)
            display, display_params = _display(kind, query)
            branches.append(_RANKED.format(alias=alias, display=display))
            params.extend([kind.key, stop - start, start, *display_params])
        else:
            sql, sql_params = matches.values("pk")[: COUNT_CAP + 1].query.sql_with_params()
            branches.append(_COUNTED.format(candidates=sql))
            params.extend([kind.key, *sql_params])
    with_clause = f"WITH {', '.join(ctes)} " if ctes else ""
    sql = f"SELECT * FROM ({with_clause}{' UNION ALL '.join(branches)}) AS hits"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, cte_params + params)
        rows = cursor.fetchall()
    found: dict[str, tuple[int, list]] = {}
    ranked = sorted(rows, key=lambda row: (row[2] is None, -(row[2] or 0), row[1] or 0))
    for key, pk, _rank, total, headline, fields in ranked:
        _total, hits = found.setdefault(key, (total, []))
        if pk is not None:
            if isinstance(fields, str):
                fields = json.loads(fields)
            hits.append(_hit(KINDS_BY_KEY[key], pk, headline, fields))
    return found


def _record(model: type[models.Model], pk: int, fields: dict) -> models.Model:
    """An unsaved instance of ``model`` with the values of ``fields`` (ORM paths, related
    records built on the way), enough for ``Kind.url`` and ``Kind.meta``."""
    obj = model(pk=pk)
    for path, value in fields.items():
        target, *parts, name = [obj, *path.split("__")]
        for part in parts:
            related = target._state.fields_cache.get(part)
            if related is None:
                related = target._meta.get_field(part).related_model()
                setattr(target, part, related)
            target = related
        setattr(target, name, target._meta.get_field(name).to_python(value))
    return obj


def _hit(kind: Kind, pk: int, headline: str | None, fields: dict) -> Hit:
    obj = _record(kind.model, pk, fields)
    return Hit(
        title=fields[kind.title],
        url=kind.url(obj),
        snippet=_highlight(headline),
        meta=kind.meta(obj),
        municipality=fields[f"{kind.municipality_path}__name"] or "",
    )


def _highlight(headline: str | None) -> SafeString:
    text = escape(headline or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _similar_title(kind: Kind, word: str):
    return engine.similar_title(kind.title, word)


def suggest(text: str, municipality: Municipality | None = None) -> str:
    """A corrected query for a misspelled ``text`` (e.g. "Klimschutz" → "Klimaschutz"), or
    "": ``civicportal.core.search.suggest`` over the titles of every kind (the list
    searches ask the same function about their own kind)."""
    sources = []
    for kind in KINDS:
        qs = kind.queryset()
        if municipality is not None:
            qs = qs.filter(**{kind.municipality_path: municipality})
        sources.append((qs, kind.title))
    return engine.suggest(text, sources)


def _last_page(count: int) -> int:
    return last_page(count, PAGE_SIZE, cap=COUNT_CAP)


def _page_slice(page: int) -> tuple[int, int]:
    start = (page - 1) * PAGE_SIZE
    return start, min(start + PAGE_SIZE, COUNT_CAP)


def search(
    text: str,
    *,
    kind_key: str = "",
    municipality: Municipality | None = None,
    page: int = 1,
) -> Results:
    """Search ``text``; with ``kind_key`` one kind, paged, otherwise a few hits of each."""
    text = text.strip()
    kind = KINDS_BY_KEY.get(kind_key)
    query = _search_query(text)
    if kind is None:
        page = 1
        found = _fetch(query, municipality, {k.key: (0, OVERVIEW_PER_KIND) for k in KINDS})
    else:
        page = page_number(page, last=_last_page(COUNT_CAP))
        found = _fetch(query, municipality, {kind.key: _page_slice(page)})
        last_page = _last_page(found[kind.key][0])
        if page > last_page:  # a page past the end (an old link): show the last one
            page = last_page
            found = _fetch(query, municipality, {kind.key: _page_slice(page)})
    groups = [Group(k, *found[k.key]) for k in KINDS]
    results = Results(query=text, groups=groups, kind=kind, page=page)
    if results.total == 0:
        results.suggestion = suggest(text, municipality)
    return results
