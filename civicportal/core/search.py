"""The portal's one search: how records are indexed and how a query is read, shared by the
portal search (``/suche/``) and every list search, so that a word finds the same things
everywhere.

Index: every searchable model has a stored ``search_vector`` (a ``GeneratedField``, GIN
indexed, built by ``search_vector(...)``): the German lexemes of its fields, weighted A–C,
and, with weight D, the same lexemes written backwards (``zgewssuf`` for „Fußwege“ →
``fussweg``). The backward lexemes let a prefix query match the *end* of a word, which is
how German compounds are found by their last part: „Haushalt“ finds „Bürgerhaushalt“,
„Wege“ finds „Fußwege“. Everything is plain PostgreSQL (``to_tsvector``, ``strip``,
``reverse``, ``regexp_replace``: all immutable), so it works on the embedded and on any
system PostgreSQL without an extra dictionary.

Query (``search_query``): each plain word matches

- as a prefix of a word (Klima → Klimaschutz), as before;
- as the end of a word (Haushalt → Bürgerhaushalt), for stems of five letters and more;
- and, when the word is itself a compound (split by ``compound_split``, a German
  splitter trained on a large corpus), by its parts: the first part as a prefix, the
  last part (unless short or generic: ``HEAD_MIN``, ``GENERIC_HEADS``) as the end of a
  word — „Radwegen“ (Rad|Wegen) finds „Rad- und Fußwege“ and „Fahrradbügel“ (mit dem
  Rad), „Fahrradwege“ (Fahrrad|Wege) finds „Fahrradbügel“ and „Fußwege“,
  „Bürgerhaushalt“ finds „Bürgerbeteiligung“ and „Haushalt“.

The alternatives of one word are or-ed, the words and-ed; quoted phrases and excluded
words (web search syntax) work as typed. Ranking (``ts_rank``) puts records with the
whole word first (weights A–C count more than D).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from compound_split import char_split
from django.contrib.postgres.search import (
    SearchQueryField,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce

CONFIG = "german"
#: a compound is split when the splitter is at least this sure (0.6: Rad|Weg 0.69, but not
#: Kin|Der 0.5 or Hoch|Beete 0.34)
SPLIT_SCORE = 0.6
#: longest word given to the splitter: its work grows with the cube of the length (a
#: 10,000-letter "word" in a search box took minutes); German compounds stay far below
COMPOUND_MAX = 48
#: a word matches as the end of longer words from this stem length on (Haushalt, Garten,
#: Schutz, but not Weg, Rad or Amt, which end too many unrelated words)
SUFFIX_MIN = 5
#: the last part of a compound matches on its own as the end of words from this length on
#: (Bürger|haushalt finds „Haushalt“, Fahrrad|wege finds „Fußwege“, Lese|paten finds
#: „Lernpaten“) …
HEAD_MIN = 4
#: … unless it ends too many words to mean anything (Haupt|stadt would find every „Stadt“)
GENERIC_HEADS = frozenset(
    {"stadt", "städte", "haus", "häuser", "platz", "plätze", "teil", "teile", "werk", "zeit"}
    | {"projekt", "projekte"}  # Theater|projekte must not find every „Projekt“
)
#: parts shorter than this are no parts (the splitter's noise: Kin|Der)
PART_MIN = 3
#: the marker that starts every backward lexeme (no German word starts with "z" + a
#: reversed ending so often that it matters, and it keeps them apart from real lexemes
#: in the prefix search)
MARK = "z"


class BackwardLexemes(Func):
    """The German lexemes of the text, each written backwards behind ``MARK``, as a
    ``simple`` tsvector with weight D (immutable: usable in a generated column)."""

    template = (
        "setweight(to_tsvector('simple'::regconfig, regexp_replace(reverse(strip("
        "to_tsvector('german'::regconfig, %(expressions)s))::text), '''(\\S+)''', "
        f"'{MARK}\\1', 'g')), 'D')"
    )
    output_field = SearchVectorField()


class VectorSum(Func):
    """``a || b`` of tsvectors."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = SearchVectorField()


def search_vector(*weighted: tuple[str, str]) -> models.Expression:
    """The expression of a model's ``search_vector`` GeneratedField: the fields with their
    weights (A–C), and the backward lexemes of all of them (D)."""
    vector = None
    for name, weight in weighted:
        part = SearchVector(name, weight=weight, config=CONFIG)
        vector = part if vector is None else vector + part
    text: list = []
    for name, _weight in weighted:
        if text:
            text.append(Value(" "))
        text.append(Coalesce(F(name), Value("")))
    joined = Func(*text, function="", arg_joiner=" || ", output_field=models.TextField())
    return VectorSum(vector, BackwardLexemes(joined))


# --- reading a query ---------------------------------------------------------------------------

_TERM = re.compile(r"[^\W_]+")
_PLAIN = re.compile(r"[^\W_]+(?:[\s-]+[^\W_]+)*")
_OPERATOR = re.compile(r"(?:^|\s)(?:-|or(?:\s|$))", re.IGNORECASE)
_PHRASE = re.compile(r'(?:^|(?<=\s))(-?)"([^"]*)(?:"|$)')

_GERMAN = "to_tsquery('german'::regconfig, %s)"
_BACKWARD = (
    "to_tsquery('simple'::regconfig, "
    f"'{MARK}' || reverse(coalesce((ts_lexize('german_stem', %s))[1], %s)) || ':*')"
)


def compound_parts(word: str) -> list[str]:
    """The parts of a German compound („Fahrradwege“ → ["Fahrrad", "Wege"]), or [] for a
    word the splitter does not see as one."""
    if len(word) < 6 or len(word) > COMPOUND_MAX or not word.isalpha():
        return []
    score, first, last = char_split.split_compound(word)[0]
    if score < SPLIT_SCORE or len(first) < PART_MIN or len(last) < PART_MIN:
        return []
    return [first, last]


def _word(word: str) -> tuple[str, list]:
    """The alternatives of one plain word (see the module docstring) as SQL."""
    sql, params = [_GERMAN], [f"{word}:*"]
    lower = word.lower()
    if len(word) >= SUFFIX_MIN and word.isalpha():
        sql.append(_BACKWARD)
        params += [lower, lower]
    parts = compound_parts(word)
    for part in parts[:-1]:
        sql.append(_GERMAN)
        params.append(f"{part}:*")
    if parts and len(parts[-1]) >= HEAD_MIN and parts[-1].lower() not in GENERIC_HEADS:
        sql.append(_BACKWARD)
        params += [parts[-1].lower(), parts[-1].lower()]
    return "(" + " || ".join(sql) + ")", params


def _rest(text: str) -> str:
    """The quoted phrases and excluded words of ``text`` as a raw German tsquery."""
    parts: list[str] = []
    for negated, phrase in _PHRASE.findall(text):
        if terms := _TERM.findall(phrase):
            parts.append(f"{'!' if negated else ''}({' <-> '.join(terms)})")
    for token in _PHRASE.sub(" ", text).split():
        if token.startswith("-") and (terms := _TERM.findall(token)):
            parts.append(f"!({' <-> '.join(terms)})")
    return " & ".join(parts)


def plain_words(text: str) -> list[str]:
    """The words of ``text`` that are searched as words (three letters or more, not in a
    phrase, not excluded, not the operator "or")."""
    words = []
    for token in _PHRASE.sub(" ", text).split():
        if token.startswith("-") or token.lower() == "or":
            continue
        words.extend(term for term in _TERM.findall(token) if len(term) >= 3)
    return list(dict.fromkeys(words))


class GermanQuery(Func):
    """The tsquery of what was typed (see the module docstring). Without any plain word,
    PostgreSQL's web search reading of the text."""

    output_field = SearchQueryField()

    def __init__(self, text: str):
        self.text = text
        super().__init__(output_field=SearchQueryField())

    def as_sql(self, compiler, connection, **extra):
        text = self.text
        words = plain_words(text)
        if not words:
            return "websearch_to_tsquery('german'::regconfig, %s)", [text]
        sql, params = [], []
        for word in words:
            word_sql, word_params = _word(word)
            sql.append(word_sql)
            params += word_params
        if rest := _rest(text):
            sql.append(_GERMAN)
            params.append(rest)
        query = " && ".join(sql)
        if _OPERATOR.search(text) or not _PLAIN.fullmatch(text.strip('" ')):
            # "or" and the like: the web search reading, or the words read as above
            query = f"(websearch_to_tsquery('german'::regconfig, %s) || ({query}))"
            params = [text, *params]
        return query, params


class BoundQuery(Func):
    """The search query as an uncorrelated scalar subquery, ``(SELECT <tsquery>)``.

    PostgreSQL evaluates it once per statement (an InitPlan) and plans the match with a
    parameter instead of the constant. With the constant, the planner costs a prefix query
    (``'klima':*``) as a walk through the whole GIN entry tree and takes a frequent word's
    statistics at face value, and then reads the table sequentially (under the candidate
    LIMIT that looks cheaper). With the parameter it uses the GIN index (a bitmap index
    scan) for every kind, which reads only matching rows and stops at the cap.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Match(Func):
    """``search_vector @@ query`` as a filter (the ``search_vector=`` lookup would wrap a
    bound query in another ``plainto_tsquery``)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()


def search_query(text: str) -> BoundQuery:
    """The one query of the portal for ``text``, evaluated once per statement."""
    return BoundQuery(GermanQuery(text.strip()))


def matching(queryset: models.QuerySet, text: str, *, rank: bool = True) -> models.QuerySet:
    """``queryset`` narrowed to the records ``text`` finds, with ``rank`` annotated."""
    query = search_query(text)
    queryset = queryset.filter(Match(F("search_vector"), query))
    if rank:
        queryset = queryset.annotate(rank=SearchRank(F("search_vector"), query))
    return queryset


def first_matches(queryset: models.QuerySet, text: str, cap: int) -> models.QuerySet:
    """The first ``cap`` records of ``queryset`` (narrowed by ``matching``) that the GIN
    index yields, with ``rank`` annotated: the candidates ``/suche/`` ranks for a kind
    (``civicportal.search``, ``COUNT_CAP + 1``). A list that sorts them by rank shows what
    ``/suche/`` shows, and a frequent word costs the same whether it is in a thousand
    records or in a hundred thousand: the records are read by primary key, and only the
    candidates are ranked."""
    candidates = queryset.order_by().values("pk")[:cap]
    return queryset.model._default_manager.filter(pk__in=candidates).annotate(
        rank=SearchRank(F("search_vector"), search_query(text))
    )


# --- typo suggestion -----------------------------------------------------------------------------

SUGGESTION_WORDS = 3  # the first words of a query that get corrected
SUGGESTION_CANDIDATES = 10  # titles per word and source, the most similar ones …
#: … of the first similar titles the trigram index yields (a typo of a frequent word has
#: thousands: their similarities are not all computed and sorted)
SUGGESTION_SCAN = 200
#: pg_trgm word similarity from which a title is a candidate (``title %> word``). One
#: wrong, missing or extra letter in a word of six letters or more leaves at least 0.4
#: (six letters, the middle one wrong: 4 of 10 trigrams shared: Garxen/Garten);
#: pg_trgm's default of 0.6 missed „Fairtade“ (0.58 to „Fairtrade“). Below 0.6 more
#: titles are candidates, so they are ordered by similarity; difflib (``SUGGESTION_CUTOFF``)
#: then decides on words.
SUGGESTION_THRESHOLD = 0.38
SUGGESTION_CUTOFF = 0.75  # difflib ratio of the typed word to a title word
_WORD = re.compile(r"(?<![\w\"-])[^\W\d_][\w-]{2,}")


class _Once(Func):
    """A word as an uncorrelated scalar subquery, ``(SELECT <text>)``, evaluated once, that
    sets ``pg_trgm.word_similarity_threshold`` to ``SUGGESTION_THRESHOLD`` for the
    statement (``set_config(…, is_local => true)``: until the end of the transaction).

    The planner cannot estimate ``title %> (SELECT …)`` from the word (it assumes a
    few matches) and uses the trigram GIN index; with the constant it often expects a
    frequent word's matches early in the table and scans the table sequentially under the
    LIMIT, which reads the whole table when the word is not there.

    The subquery runs before the index or the filter compares a title (it yields the
    compared value), so both see the threshold; setting it here costs no extra query and
    needs no server or connection setting (a pooler such as PgBouncer rejects the
    ``options`` startup parameter).
    """

    template = (
        "(SELECT CASE WHEN set_config('pg_trgm.word_similarity_threshold', "
        f"'{SUGGESTION_THRESHOLD}', true) IS NOT NULL THEN %(expressions)s::text END)"
    )
    output_field = models.TextField()


def similar_title(title: str, word: str) -> Q:
    """``title %> word``: the title contains something similar to ``word`` (pg_trgm word
    similarity of at least ``SUGGESTION_THRESHOLD``), a condition the trigram GIN index of
    the title serves."""
    return Q(**{f"{title}__trigram_word_similar": _Once(Value(word))})


def _title_words(title: str) -> list[str]:
    """The words of a title a typo is corrected to, the parts of hyphenated ones
    included („Fairtrade-Town“: also „Fairtrade“ and „Town“)."""
    words = []
    for word in _WORD.findall(title):
        words.append(word)
        if "-" in word:
            words.extend(part for part in word.split("-") if len(part) >= 3)
    return words


def suggest(text: str, sources: Sequence[tuple[models.QuerySet, str]]) -> str:
    """A corrected query for a misspelled ``text`` (e.g. "Klimschutz" → "Klimaschutz"), or "".

    ``sources``: the public records and their title field (the portal: every kind; a list:
    its own). One query: for each word (up to ``SUGGESTION_WORDS``, excluded words and
    phrases left as typed) and each source, the ``SUGGESTION_CANDIDATES`` most similar of
    the first ``SUGGESTION_SCAN`` titles that contain something similar to the word
    (``title %> word``: pg_trgm word similarity of at least ``SUGGESTION_THRESHOLD``, from
    the trigram GIN index of the title). Each word is replaced by the closest word of its
    most similar titles (difflib, ``SUGGESTION_CUTOFF``).
    """
    words = list(dict.fromkeys(_WORD.findall(_PHRASE.sub(" ", text))))[:SUGGESTION_WORDS]
    if not words or not sources:
        return ""
    branches = []
    for index, word in enumerate(words):
        for queryset, title in sources:
            scanned = queryset.filter(similar_title(title, word)).order_by().values("pk")
            qs = queryset.model._base_manager.filter(pk__in=scanned[:SUGGESTION_SCAN])
            branches.append(
                qs.annotate(
                    suggestion_word=Value(index),
                    similarity=TrigramWordSimilarity(Value(word), title),
                )
                .order_by("-similarity")
                .values_list("suggestion_word", title, "similarity")[:SUGGESTION_CANDIDATES]
            )
    rows = list(branches[0].union(*branches[1:], all=True))
    return _corrected(text, words, rows)


def _corrected(text: str, words: list[str], rows: Iterable[tuple]) -> str:
    rows = list(rows)
    corrections: dict[str, str] = {}
    for index, word in enumerate(words):
        ranked = sorted((row for row in rows if row[0] == index), key=lambda row: -row[2])
        vocabulary = {
            w.lower(): w for _index, title, _sim in ranked[:20] for w in _title_words(title)
        }
        close = difflib.get_close_matches(word.lower(), vocabulary, n=1, cutoff=SUGGESTION_CUTOFF)
        if close and close[0] != word.lower():
            corrections[word] = vocabulary[close[0]]
    if not corrections:
        return ""
    return _WORD.sub(lambda match: corrections.get(match.group(), match.group()), text)
