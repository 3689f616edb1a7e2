"""Renders ``docs/permissions.md`` from the role matrix, so the document and the test
cannot drift apart. Regenerate with::

    DEBUG=1 .venv/bin/python manage.py shell -v 0 -c "from tests.security.permissions_doc \
        import render; print(render(), end='')" > docs/permissions.md
"""

from __future__ import annotations

from tests.security.matrix import ROLES, admin_expect, walk
from tests.security.role_table import ADMIN_MODELS, ADMIN_PAGES, PAGES

SHORT = {
    "anonymous": "anon",
    "resident": "res",
    "volunteer": "vol",
    "org_admin": "org-adm",
    "org_member": "org-mem",
    "agency_staff": "agency",
    "editor_chemnitz": "ed-C",
    "editor_dortmund": "ed-D",
    "funding_officer": "officer",
    "reviewer": "review",
    "superuser": "super",
}
SYMBOL = {
    "OK": "✔",
    "LOGIN": "login",
    "ADMIN": "adm-login",
    "DENY": "✘",
    "GONE": "404",
    "MOVED": "→",
    "DONE": "✔ act",
    "NOPE": "405",
}

HEADER = """# Permissions: every role × every page and admin model

Generated from the role matrix (`tests/security/role_table.py`) by
`tests/security/permissions_doc.py`; `tests/security/test_permissions_doc.py` fails when
this file is out of date, and `tests/security/test_role_matrix.py` requests every row as
every role. A URL of the portal without a row fails the test suite.

## Roles

| short | role | in the test world |
| --- | --- | --- |
| anon | anonymous visitor | – |
| res | resident | author of an idea in Chemnitz, booked a consultation in Dortmund |
| vol | volunteer | profile, sign-up, hours and a certificate with "kassberg" (Chemnitz) |
| org-adm | organisation admin | admin of "kassberg" (Chemnitz); author of its funding application |
| org-mem | organisation member | plain member of "kassberg" |
| agency | agency staff | FreiwilligenAgentur (volunteer coordinator), Dortmund |
| ed-C / ed-D | editor | editor of Chemnitz / Dortmund |
| officer | funding officer | Chemnitz |
| review | reviewer | Chemnitz, assigned to kassberg's application |
| super | superuser | everything (the only role for accounts, roles, audit) |

Staff sessions need TOTP (allauth MFA) before the admin opens or a staff account sends a
form or opens a staff page on the portal, and expire after 30 idle minutes (see
`docs/security.md`; the matrix's staff clients have passed TOTP). The other organisation
("nordstadt", Dortmund), its admin and a stranger's sign-up exist in the world but hold
no matrix role: they are the targets of the cross-tenant rows.

## Outcomes

| symbol | meaning |
| --- | --- |
| ✔ | 200: the page or file is served |
| ✔ act | an action was accepted for processing (redirect, or the form with errors) |
| → | 302 elsewhere (after an action, or to where the person belongs) |
| login | 302 to the login page |
| adm-login | 302 to the admin login (signed in, but not staff) |
| ✘ | refused without revealing anything: 403, 404 or the admin's "does not exist" |
| 404 | not found (also for records the role must not know about) |
| 405 | wrong method (an action URL opened with GET) |
"""


def _row(expect: dict) -> str:
    return " | ".join(SYMBOL.get(expect[role], expect[role]) for role in ROLES)


def _table_head(first: str) -> list[str]:
    return [
        f"| {first} | " + " | ".join(SHORT[r] for r in ROLES) + " |",
        "| --- | " + " | ".join("---" for _ in ROLES) + " |",
    ]


def render() -> str:
    routes: dict[str, str] = {}
    for name, route in walk():
        routes.setdefault(name, route)
    lines = [HEADER, "## Pages", ""]
    sections = [
        (
            "Portal, legal pages, GDPR self-service",
            lambda n: ":" not in n or n.startswith(("account_data", "notifications:")),
        ),
        ("Accounts (allauth, MFA)", lambda n: n.startswith(("account_", "mfa_"))),
        ("Initiatives", lambda n: n.startswith("initiatives:")),
        (
            "Volunteering and organisations",
            lambda n: n.startswith(("volunteering:", "organisations:")),
        ),
        ("Funding", lambda n: n.startswith("funding:")),
    ]
    done: set[str] = set()
    for title, belongs in sections:
        names = [n for n in sorted(PAGES) if n not in done and belongs(n)]
        names = [
            n
            for n in names
            if not (n.startswith(("account_", "mfa_")) and title.startswith("Portal"))
        ]
        if not names:
            continue
        lines += [f"### {title}", "", *_table_head("URL (method) – case")]
        for name in names:
            done.add(name)
            for row in PAGES[name]:
                case = f" – {row.note}" if row.note else ""
                route = routes.get(name, name).replace("|", "\\|")
                lines.append(f"| `/{route}` {row.method}{case} | {_row(row.expect)} |")
        lines.append("")
    lines += ["## Admin (`/admin/`)", "", *_table_head("page")]
    for name in sorted(ADMIN_PAGES):
        for row in ADMIN_PAGES[name]:
            case = f" – {row.note}" if row.note else ""
            lines.append(f"| `{name}` {row.method}{case} | {_row(row.expect)} |")
    lines += [
        "",
        "### Admin models",
        "",
        "List and add pages; record pages (change, delete, history) for a record in the",
        "staff member's own municipality; a record of the other municipality is refused (✘)",
        "for every scoped role, and the list never names it (cross-tenant rows in the test).",
        "",
        *_table_head("model – page"),
    ]
    for label in sorted(ADMIN_MODELS):
        rule = ADMIN_MODELS[label]
        for page in ("changelist", "add", "change", "delete"):
            note = " (unscoped)" if not rule.scoped and page == "changelist" else ""
            lines.append(f"| `{label}` {page}{note} | {_row(admin_expect(rule, page))} |")
    lines.append("")
    return "\n".join(lines)
