"""The hostile-input corpus and the helpers that find every form of a page.

Each value in :data:`CORPUS` is sent into every field of every form the portal shows
(text, numbers, dates, choices and hidden fields alike; the CSRF token stays valid).
:data:`UPLOADS` are sent into every file field. ``tests/security/test_hostile_input.py``
runs them and asserts: never a 5xx, never our markup echoed unescaped, never a write
when the form was refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile

MARK = "hx7q"  # a marker unlikely to occur anywhere else

#: (label, value); the label names the class of attack in reports.
CORPUS: list[tuple[str, str]] = [
    ("script tag", f"<script>alert('{MARK}')</script>"),
    ("attribute breakout", f'"><img src=x onerror=alert("{MARK}")>'),
    ("svg onload", f"<svg/onload=alert('{MARK}')>"),
    ("markdown link js", f"[klick](javascript:alert('{MARK}'))"),
    ("javascript url", f"javascript:alert('{MARK}')"),
    ("template syntax", "{{ settings.SECRET_KEY }}{% debug %}"),
    ("sql quote", "' OR '1'='1' --"),
    ("sql stacked", "1; DROP TABLE core_user; --"),
    ("sql like wildcard", "%_%' AND 1=1 --"),
    ("very long", "A" * 100_000),
    ("long words", ("Donaudampfschifffahrtsgesellschaft" * 300)[:10_000]),
    ("nul byte", f"vorher\x00nachher{MARK}"),
    ("control chars", "a\x01\x02\x1b[31mrot\x7f"),
    ("rtl override", f"\u202egnp.exe{MARK}"),
    ("zalgo", "Z̷̧͓̈́a̸̛̘l̴̰̊g̷̪͝o̶͙͝"),
    ("emoji", "🙂" * 500),
    ("only spaces", "     "),
    ("empty", ""),
    ("negative", "-1"),
    ("huge number", "99999999999999999999999999999"),
    ("float overflow", "1e309"),
    ("not a number", "NaN"),
    ("german decimal", "1.234,56"),
    ("far future date", "9999-12-31"),
    ("far past date", "0001-01-01"),
    ("impossible date", "2026-02-31"),
    ("wrong type list", "[1, 2, 3]"),
    ("json object", '{"__proto__": {"admin": true}}'),
    ("path traversal", "../../../../etc/passwd"),
    ("open redirect", "https://evil.example/"),
    ("crlf injection", "wert\r\nSet-Cookie: evil=1"),
    ("csv formula", '=HYPERLINK("https://evil.example","klick")'),
]

#: markup that must never come back unescaped in a page
FORBIDDEN_IN_HTML = [
    f"<script>alert('{MARK}')",
    f'<img src=x onerror=alert("{MARK}")',
    f"<svg/onload=alert('{MARK}')",
    f"href=\"javascript:alert('{MARK}')",
    f'href="javascript:alert(&#x27;{MARK}',
    f'href="javascript:alert(&#39;{MARK}',
]


def uploads() -> list[tuple[str, SimpleUploadedFile]]:
    """Files that must be refused (or stored harmlessly), fresh for every request."""
    return [
        (
            "oversized pdf (11 MB)",
            SimpleUploadedFile(
                "gross.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "application/pdf"
            ),
        ),
        (
            "html labelled as pdf",
            SimpleUploadedFile(
                "rechnung.pdf",
                f"<html><script>alert('{MARK}')</script></html>".encode(),
                "application/pdf",
            ),
        ),
        (
            "exe labelled as png",
            SimpleUploadedFile("bild.png", b"MZ\x90\x00" + b"\x00" * 200, "image/png"),
        ),
        (
            "svg with script",
            SimpleUploadedFile(
                "logo.svg",
                f"<svg xmlns='http://www.w3.org/2000/svg'><script>alert('{MARK}')</script></svg>".encode(),
                "image/svg+xml",
            ),
        ),
        ("empty file", SimpleUploadedFile("leer.pdf", b"", "application/pdf")),
        (
            "path in file name",
            SimpleUploadedFile("../../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
        ),
        (
            "script in file name",
            SimpleUploadedFile(
                f"<script>alert('{MARK}')</script>.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"
            ),
        ),
    ]


# --- finding forms ---------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: dict[str, str] = field(default_factory=dict)  # name → current value
    files: list[str] = field(default_factory=list)
    choices: dict[str, list[str]] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)  # name → input type / "textarea"

    @property
    def key(self) -> tuple:
        return (
            self.method,
            self.action.split("?")[0],
            tuple(sorted(self.fields)),
            tuple(self.files),
        )


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action") or self.page_path,
                method=(a.get("method") or "get").upper(),
                multipart="multipart" in a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "name" not in a:
            if tag == "option" and form is not None and self._select:
                form.choices.setdefault(self._select, []).append(a.get("value", ""))
                if "selected" in a:
                    form.fields[self._select] = a.get("value", "")
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            form.types[name] = kind
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a or name not in form.fields:
                    form.fields[name] = a.get("value", "on") if "checked" in a else ""
            elif kind not in ("submit", "button", "image", "reset"):
                form.fields[name] = a.get("value", "")
        elif tag == "textarea":
            form.types[name] = "textarea"
            form.fields[name] = ""
            self._textarea = name
        elif tag == "select":
            form.fields.setdefault(name, "")
            self._select = name
        elif tag == "button" and a.get("value"):
            form.fields.setdefault(name, a["value"])

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            if self._form is not None and self._select and not self._form.fields.get(self._select):
                options = self._form.choices.get(self._select, [])
                self._form.fields[self._select] = next((o for o in options if o), "")
            self._select = None


def find_forms(html: str, page_path: str) -> list[Form]:
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms


def hostile_data(form: Form, value: str) -> dict[str, str]:
    """The form's own values, with ``value`` in every field but the CSRF token."""
    return {
        name: (current if name == "csrfmiddlewaretoken" else value)
        for name, current in form.fields.items()
    }
