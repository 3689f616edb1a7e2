"""One search over the portal: PostgreSQL full-text search with the German configuration.

Each kind of result reads the stored, GIN-indexed ``search_vector`` of its app (organisations,
which are few and have none, get a vector computed on the fly). A search costs a fixed number
of queries whatever the data: one for the capped counts of all kinds, one per kind shown,
and, when nothing is found, one for a typo-tolerant suggestion (``pg_trgm``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from civicportal.core.models import Municipality, Organisation
from funding.models import Application
from initiatives.models import Event, Initiative, Update
from volunteering.models import Opportunity

CONFIG = "german"
COUNT_CAP = 1000  # counts above this show as "1.000+"
OVERVIEW_PER_KIND = 3
PAGE_SIZE = 10
SUGGESTION_SIMILARITY = 0.3
# Markers for SearchHeadline that never occur in text: the snippet is escaped first, then
# the markers become <mark> elements.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Kind:
    key: str  # the value of ?art=
    label: object  # plural, translatable
    queryset: Callable[[], models.QuerySet]
    vector: Callable[[], models.Expression]
    title: str
    snippet: Callable[[], models.Expression]
    municipality_path: str
    related: tuple[str, ...] = ()
    url: Callable[[models.Model], str] = lambda obj: obj.get_absolute_url()
    meta: Callable[[models.Model], str] = lambda obj: ""


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


def _stored() -> models.Expression:
    return F("search_vector")


def _organisation_vector() -> models.Expression:
    return SearchVector("name", weight="A", config=CONFIG) + SearchVector(
        "description", weight="B", config=CONFIG
    )


def _event_meta(event) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    return date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


def _funded_url(application) -> str:
    """The public list of funded projects, searched for this project's title."""
    return f"{reverse('funding:funded')}?{urlencode({'q': application.title})}"


KINDS: tuple[Kind, ...] = (
    Kind(
        key="initiativen",
        label=_("Initiativen"),
        queryset=lambda: Initiative.objects.published(),
        vector=_stored,
        title="title",
        snippet=_concat("summary", "body"),
        municipality_path="municipality",
        related=("municipality",),
    ),
    Kind(
        key="neuigkeiten",
        label=_("Neuigkeiten"),
        queryset=lambda: Update.objects.published(),
        vector=_stored,
        title="title",
        snippet=_concat("subtitle", "body"),
        municipality_path="initiative__municipality",
        related=("initiative__municipality",),
        meta=lambda update: update.initiative.title,
    ),
    Kind(
        key="termine",
        label=_("Termine"),
        queryset=lambda: Event.objects.published(),
        vector=_stored,
        title="title",
        snippet=_concat("description", "location"),
        municipality_path="municipality",
        related=("municipality",),
        meta=_event_meta,
    ),
    Kind(
        key="engagement",
        label=_("Engagement"),
        queryset=lambda: Opportunity.objects.published(),
        vector=_stored,
        title="title",
        snippet=_concat("summary", "description"),
        municipality_path="municipality",
        related=("organisation", "municipality"),
        meta=lambda opportunity: opportunity.organisation.name,
    ),
    Kind(
        key="organisationen",
        label=_("Organisationen"),
        queryset=lambda: Organisation.objects.verified(),
        vector=_organisation_vector,
        title="name",
        snippet=_concat("description"),
        municipality_path="municipality",
        related=("municipality",),
    ),
    Kind(
        key="gefoerderte-projekte",
        label=_("Geförderte Projekte"),
        queryset=lambda: Application.objects.funded_public(),
        vector=_stored,
        title="title",
        snippet=_concat("summary", "description"),
        municipality_path="call__programme__municipality",
        related=("organisation", "call__programme__municipality"),
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


_TERM = re.compile(r"[^\W_]+")


def _search_query(text: str) -> SearchQuery:
    """The words as typed (web search syntax: "phrase", or, -not) or, so that the start of
    a compound finds it (Klima → Klimaschutz), every word as a prefix."""
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    terms = [term for term in _TERM.findall(text) if len(term) >= 3]
    if terms:
        prefix = " & ".join(f"{term}:*" for term in terms)
        query = query | SearchQuery(prefix, config=CONFIG, search_type="raw")
    return query


def _matches(kind: Kind, query: SearchQuery, municipality: Municipality | None):
    qs = kind.queryset()
    if kind.vector is _stored:
        qs = qs.filter(search_vector=query)
    else:
        qs = qs.annotate(computed_vector=kind.vector()).filter(computed_vector=query)
    if municipality is not None:
        qs = qs.filter(**{kind.municipality_path: municipality})
    return qs


def capped_counts(query: SearchQuery, municipality: Municipality | None) -> dict[str, int]:
    """The number of matches of every kind, each capped at COUNT_CAP + 1, in one query."""
    parts, params = [], []
    for kind in KINDS:
        qs = _matches(kind, query, municipality).order_by().values("pk")[: COUNT_CAP + 1]
        sql, sql_params = qs.query.sql_with_params()
        # The SQL comes from the ORM with its parameters kept apart: nothing user-typed is
        # formatted into the string.
        alias = kind.key.replace("-", "_")
        parts.append(f"(SELECT count(*) FROM ({sql}) AS {alias})")  # noqa: S608
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {kind.key: count for kind, count in zip(KINDS, row, strict=True)}


def _hits(kind: Kind, query: SearchQuery, municipality, start: int, stop: int) -> list[Hit]:
    vector = F("search_vector") if kind.vector is _stored else F("computed_vector")
    rows = (
        _matches(kind, query, municipality)
        .select_related(*kind.related)
        .annotate(
            rank=SearchRank(vector, query),
            headline=SearchHeadline(
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
        )
        .order_by("-rank", "pk")[start:stop]
    )
    hits = []
    for obj in rows:
        municipality_obj = _follow(obj, kind.municipality_path)
        hits.append(
            Hit(
                title=getattr(obj, kind.title),
                url=kind.url(obj),
                snippet=_highlight(obj.headline),
                meta=kind.meta(obj),
                municipality=municipality_obj.name if municipality_obj else "",
            )
        )
    return hits


def _follow(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _highlight(headline: str | None) -> SafeString:
    text = escape(headline or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))


_WORD = re.compile(r"[\wäöüÄÖÜß-]{3,}")


def suggest(text: str, municipality: Municipality | None = None) -> str:
    """A corrected query for a misspelled ``text`` (e.g. "Klimschutz" → "Klimaschutz"),
    built from the titles most similar to it (pg_trgm word similarity), or ""."""
    words = _WORD.findall(text)
    if not words:
        return ""
    candidates = None
    for kind in KINDS:
        qs = kind.queryset()
        if municipality is not None:
            qs = qs.filter(**{kind.municipality_path: municipality})
        qs = (
            qs.annotate(similarity=TrigramWordSimilarity(text, kind.title))
            .filter(similarity__gte=SUGGESTION_SIMILARITY)
            .values_list(kind.title, "similarity")
            .order_by()
        )
        candidates = qs if candidates is None else candidates.union(qs, all=True)
    titles = [title for title, _sim in candidates.order_by("-similarity")[:20]]
    vocabulary = {w.lower(): w for title in titles for w in _WORD.findall(title)}
    corrected = []
    for word in words:
        close = difflib.get_close_matches(word.lower(), vocabulary, n=1, cutoff=0.75)
        corrected.append(vocabulary[close[0]] if close else word)
    suggestion = " ".join(corrected)
    return "" if suggestion.lower() == " ".join(words).lower() else suggestion


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
    counts = capped_counts(query, municipality)
    groups = [Group(kind=k, count=counts[k.key]) for k in KINDS]
    results = Results(query=text, groups=groups, kind=kind, page=page)
    if kind is not None:
        group = next(g for g in groups if g.kind is kind)
        last_page = max(1, -(-group.shown_count // PAGE_SIZE))
        results.page = page = min(max(page, 1), last_page)
        start = (page - 1) * PAGE_SIZE
        group.hits = _hits(kind, query, municipality, start, start + PAGE_SIZE)
    else:
        for group in groups:
            if group.count:
                group.hits = _hits(group.kind, query, municipality, 0, OVERVIEW_PER_KIND)
    if results.total == 0:
        results.suggestion = suggest(text, municipality)
    return results
