"""The form gate (issue 13): every form the portal and its admin render, attacked field by
field with hostile values.

Discovery, not a hand list: the portal's forms are the ``<form method="post">`` elements
of every page the accessibility gate visits (``tests/e2e/portal_pages.py``, itself checked
against the URL resolver, so a new page — and with it a new form — is covered
automatically); the admin's are the add forms of every registered ``ModelAdmin``.

For each field of each form the gate posts the form as rendered (its own values) with that
field set to each hostile value (``attacks_for``), inside a savepoint that is rolled back
afterwards, and checks:

* no 5xx;
* a value that must be refused (over the limit, control characters in a single-line field,
  2³¹ or 1e309 in a number field, an end before its start) is refused — the form comes back,
  not a redirect that drops it — with the error at that field (``aria-invalid`` on it or an
  element ``<id>_error``);
* whenever the form comes back refused: no row inserted, updated or deleted (PostgreSQL's
  per-transaction counters) and the attacked field shows exactly what was typed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

# --- parsing the rendered forms ------------------------------------------------------------

TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", ""}
NUMBER_MODES = {"decimal", "numeric"}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea, select
    type: str = ""
    id: str = ""
    value: str = ""
    limit: int | None = None
    inputmode: str = ""
    options: list[str] = field(default_factory=list)
    selected: list[str] = field(default_factory=list)
    checked: bool = False
    hidden_by_page: bool = False

    @property
    def is_single_line_text(self) -> bool:
        return self.tag == "input" and self.type in TEXT_TYPES and not self.is_number

    @property
    def is_text(self) -> bool:
        return self.tag == "textarea" or self.is_single_line_text

    @property
    def is_number(self) -> bool:
        return self.tag == "input" and (self.type == "number" or self.inputmode in NUMBER_MODES)

    @property
    def is_date(self) -> bool:
        return self.tag == "input" and self.type in {"date", "datetime-local"}

    @property
    def attackable(self) -> bool:
        if self.tag == "input" and self.type in {"hidden", "submit", "button", "file", "image"}:
            return False
        if self.tag == "input" and self.type in {"checkbox", "radio"}:
            return False
        # "__prefix__": the admin's template row of an inline, which Django ignores.
        return (
            bool(self.name) and self.name != "csrfmiddlewaretoken" and "__prefix__" not in self.name
        )


@dataclass
class Form:
    page: str
    action: str
    fields: list[Field] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.action, tuple(sorted({f.name for f in self.fields if f.attackable})))

    def payload(self) -> dict[str, list[str]]:
        """The form as the browser would send it untouched."""
        data: dict[str, list[str]] = {}
        pressed = next((f for f in self.fields if f.type == "submit" and f.name), None)
        if pressed:  # the first submit button, as pressing Enter sends it
            data[pressed.name] = [pressed.value]
        for f in self.fields:
            if not f.name or (f.tag == "input" and f.type in {"submit", "button", "image"}):
                continue
            if f.tag == "input" and f.type in {"checkbox", "radio"}:
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
                continue
            if f.tag == "input" and f.type == "file":
                continue
            if f.tag == "select":
                chosen = f.selected or [o for o in f.options if o][:1] or f.options[:1]
                data.setdefault(f.name, []).extend(chosen)
                continue
            data.setdefault(f.name, []).append(f.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.textarea: Field | None = None
        self.select: Field | None = None
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.by_id: dict[str, dict] = {}
        self.aria_invalid: set[str] = set()
        self.error_ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if a.get("id", "").endswith("_error"):
            self.error_ids.add(a["id"][: -len("_error")])
        if a.get("aria-invalid") == "true" and a.get("name"):
            self.aria_invalid.add(a["name"])
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page, a.get("action") or self.page).split("#")[0]
                self.current = Form(page=self.page, action=action)
                self.forms.append(self.current)
            return
        if self.current is None:
            return
        limit = a.get("maxlength") or a.get("data-maxlength")
        common = {
            "name": a.get("name", ""),
            "id": a.get("id", ""),
            "limit": int(limit) if limit and limit.isdigit() else None,
            "inputmode": a.get("inputmode", ""),
        }
        if tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self.current.fields.append(
                Field(tag="input", type="submit", value=a.get("value", ""), **common)
            )
        elif tag == "input":
            self.current.fields.append(
                Field(
                    tag="input",
                    type=a.get("type", "text").lower(),
                    value=a.get("value", ""),
                    checked="checked" in a,
                    **common,
                )
            )
        elif tag == "textarea":
            self.textarea = Field(tag="textarea", **common)
            self.current.fields.append(self.textarea)
        elif tag == "select":
            self.select = Field(tag="select", **common)
            self.current.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option_value = a.get("value")
            self.option_selected = "selected" in a
            self.option_text = ""

    def handle_data(self, data) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        if self.option_value is None and self.select is not None:
            self.option_text += data

    def _end_option(self) -> None:
        if self.select is not None and (self.option_value is not None or self.option_text):
            value = self.option_value if self.option_value is not None else self.option_text
            self.select.options.append(value)
            if self.option_selected:
                self.select.selected.append(value)
        self.option_value, self.option_selected, self.option_text = None, False, ""

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.current = None
        elif tag == "textarea" and self.textarea is not None:
            # The HTML parser drops the newline that directly follows <textarea>.
            self.textarea.value = self.textarea.value.removeprefix("\n")
            self.textarea = None
        elif tag == "option":
            self._end_option()
        elif tag == "select":
            self.select = None


def parse(page: str, html: str) -> _FormParser:
    parser = _FormParser(page)
    parser.feed(html)
    parser.close()
    return parser


def forms_of(page: str, html: str) -> list[Form]:
    """The POST forms of a page that take typed input (not the one-button forms)."""
    return [
        form
        for form in parse(page, html).forms
        if any(f.attackable and (f.is_text or f.is_number or f.is_date) for f in form.fields)
    ]


# --- hostile values --------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    name: str
    values: dict[str, str]  # field name -> value
    must_refuse: str | None = None  # the field at which the refusal must show, if any


HUGE = "x" * 100_000
SCRIPT = '<script>alert("x")</script>'
CONTROL = "Zeile eins\r\nBcc: alle@example.org\x0b"


def attacks_for(form: Form) -> Iterator[Attack]:
    for f in form.fields:
        if not f.attackable:
            continue
        name = f.name
        yield Attack("empty", {name: ""})
        if f.is_number:
            yield Attack("negative", {name: "-1"})
            yield Attack("1e309", {name: "1e309"}, must_refuse=name)
            yield Attack("2^31", {name: str(2**31)}, must_refuse=name)
            yield Attack("huge", {name: "9" * 400}, must_refuse=name)
            yield Attack("script", {name: SCRIPT}, must_refuse=name)
        elif f.is_date:
            yield Attack("not a date", {name: "31.02.2026"}, must_refuse=name)
            yield Attack("year 9999", {name: _date(f, 9999)})
        elif f.is_text:
            if f.limit:
                yield Attack("at the limit", {name: "ä" * f.limit})
                yield Attack("over the limit", {name: "ä" * (f.limit + 1)}, must_refuse=name)
            yield Attack("huge", {name: HUGE}, must_refuse=name if f.limit else None)
            yield Attack(
                "control characters",
                {name: CONTROL},
                must_refuse=name if f.is_single_line_text and f.type != "password" else None,
            )
            yield Attack("script", {name: SCRIPT})
        elif f.tag == "select":
            yield Attack("unknown choice", {name: "999999999"})
    yield from _date_pairs(form)


def _date(f: Field, year: int) -> str:
    return f"{year}-06-01T10:00" if f.type == "datetime-local" else f"{year}-06-01"


START_WORDS = ("start", "begin", "opens", "_from", "von")
END_WORDS = ("end", "close", "_to", "_until", "bis")


def _date_pairs(form: Form) -> Iterator[Attack]:
    """A start and its end: the end before the start (refused at one of them), and the two
    decades apart (no 5xx, nothing half-saved)."""
    dates = [f for f in form.fields if f.is_date and f.attackable]
    starts = [f for f in dates if any(w in f.name for w in START_WORDS)]
    ends = [f for f in dates if any(w in f.name for w in END_WORDS)]
    for start, end in zip(starts, ends, strict=False):  # in document order
        if True:
            yield Attack(
                "end before start",
                {start.name: _date(start, 2031), end.name: _date(end, 2030)},
                must_refuse=f"{start.name}|{end.name}",
            )
            yield Attack(
                "decades apart", {start.name: _date(start, 2031), end.name: _date(end, 2071)}
            )


# --- attacking ---------------------------------------------------------------------------------


# Tables a refused POST may legitimately write (the session, the cache, rate counters).
IGNORED_TABLES = ("django_session", "civicportal_cache", "civicportal_ratelimitcounter")


def _count_query() -> str:
    """Rows inserted, updated or deleted so far in this transaction, per table
    (PostgreSQL's per-transaction counters: one cheap query, and an UPDATE counts too)."""
    return (
        "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
        "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 AND relname <> ALL(%s)"
    )


def row_counts(query: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(query, [list(IGNORED_TABLES)])
        return dict(cursor.fetchall())


@dataclass
class Finding:
    form: Form
    attack: Attack
    problem: str

    def __str__(self) -> str:
        fields = ", ".join(sorted(self.attack.values))
        return f"{self.form.action} [{fields}: {self.attack.name}]: {self.problem}"


@dataclass
class Tally:
    forms: int = 0
    fields: int = 0
    posts: int = 0
    refused: int = 0
    findings: list[Finding] = field(default_factory=list)


def _same_text(sent: str, shown: str) -> bool:
    return sent.replace("\r\n", "\n") == shown.replace("\r\n", "\n")


def attack_form(client: Client, form: Form, tally: Tally, query: str) -> None:
    tally.forms += 1
    tally.fields += sum(1 for f in form.fields if f.attackable)
    base = form.payload()
    fields_by_name = {f.name: f for f in form.fields}
    for attack in attacks_for(form):
        data = {**base, **{name: [value] for name, value in attack.values.items()}}
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            before = row_counts(query)
            response = client.post(form.action, data)
            tally.posts += 1
            problem = _judge(response, form, attack, fields_by_name, before, query, tally)
            transaction.set_rollback(True)
        client.cookies = cookies
        if problem:
            tally.findings.append(Finding(form, attack, problem))


def _judge(response, form, attack, fields_by_name, before, query, tally) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"HTTP {status}"
    if status in (301, 302, 303, 307, 308):
        if attack.must_refuse:
            return f"accepted or dropped (HTTP {status} to {response.get('Location')})"
        return None
    if status in (403, 404, 405, 429):
        return None  # refused before any form (permission, rate limit): nothing to keep
    html = response.content.decode(errors="replace")
    shown = parse(form.action, html)
    names = {g.name for shown_form in shown.forms for g in shown_form.fields}
    if not set(attack.values) <= names:
        if attack.must_refuse:
            return f"HTTP {status} without the form"
        return None  # a page of its own (e.g. a confirmation step)
    tally.refused += 1
    after = row_counts(query)
    written = {t: n - before.get(t, 0) for t, n in after.items() if n != before.get(t, 0)}
    if written:
        return f"refused, yet rows written: {written}"
    if attack.must_refuse:
        at = set(attack.must_refuse.split("|"))
        flagged = (shown.aria_invalid | {_name_of(fields_by_name, i) for i in shown.error_ids}) & at
        if not flagged:
            return "refused without an error at the field"
    for name, sent in attack.values.items():
        f = fields_by_name.get(name)
        if f is None or f.type == "password" or f.tag == "select":
            continue
        again = [g for shown_form in shown.forms for g in shown_form.fields if g.name == name]
        if again and not any(_same_text(sent, g.value) for g in again):
            return f"input lost: {name!r} came back as {again[0].value[:40]!r}"
    return None


def _name_of(fields_by_name: dict[str, Field], element_id: str) -> str | None:
    for f in fields_by_name.values():
        if f.id and f.id == element_id:
            return f.name
    return None


# --- discovery ---------------------------------------------------------------------------------


def admin_add_pages() -> list[str]:
    """The add form of every registered ModelAdmin."""
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return sorted(pages)
