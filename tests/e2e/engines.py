"""The second and third accessibility engine of the gate, next to axe-core: HTML_CodeSniffer
(the engine of pa11y) and IBM's Equal Access engine (``accessibility-checker-engine``).

Both are npm dev packages (``node_modules``) whose scripts are evaluated inside the page
that axe has just checked: no extra navigation, no network (the IBM *wrapper* package
downloads its rules from the internet; the engine alone carries them). Playwright evaluates
them through the DevTools protocol, so the portal's strict Content-Security-Policy stays on.

What counts as a finding:

* HTML_CodeSniffer, standard ``WCAG2AA``: every message of type ERROR (1). Warnings and
  notices ask a person to look; pa11y reports errors only, and so does the gate.
* IBM Equal Access, guideline ``IBM_Accessibility`` (the checker's default: WCAG 2.2 A/AA,
  EN 301 549 and IBM's own requirements): every result ``VIOLATION``/``FAIL``. Potential
  violations and recommendations ask a person to look.

Every rule that is switched off or whose finding is accepted is listed in ``EXCEPTIONS``
with the reason it was reviewed for (docs/accessibility.md, "Exceptions of the engines").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
HTMLCS_SCRIPT = NODE_MODULES / "html_codesniffer" / "build" / "HTMLCS.js"
ACE_SCRIPT = NODE_MODULES / "accessibility-checker-engine" / "ace.js"

IBM_GUIDELINE = "IBM_Accessibility"


@dataclass(frozen=True)
class Exception_:
    """A reviewed finding the gate accepts: ``engine``, the rule (an HTML_CodeSniffer code
    or an IBM rule id, matched as a regular expression against the start of the code),
    optionally the element it is accepted on (regular expression over the element's
    description), and why."""

    engine: str
    rule: str
    reason: str
    element: str = ""

    def matches(self, engine: str, rule: str, element: str) -> bool:
        return (
            engine == self.engine
            and re.match(self.rule, rule) is not None
            and (not self.element or re.search(self.element, element) is not None)
        )


#: IBM rules not run on every page state, with the reason. They judge the style sheets,
#: not the markup, and cost two seconds per page between them; the gate runs them on one
#: page per style sheet family instead (``test_a11y_gate.test_style_rules_hold``).
IBM_STYLE_RULES: dict[str, str] = {
    "text_spacing_valid": (
        "WCAG 1.4.12: looks for !important on letter, word and line spacing in the style "
        "sheets; the portal's and the admin's style sheets are the same on every page"
    ),
    "style_focus_visible": (
        "WCAG 2.4.7: judges the :focus rules of the style sheets; the keyboard tests also "
        "press Tab through the pages and check every focus ring (test_keyboard.py)"
    ),
}

#: reviewed findings of the engines that are not barriers (false positives), each with
#: its reason
EXCEPTIONS: tuple[Exception_, ...] = (
    Exception_(
        "IBM",
        "aria_content_in_landmark",
        "The skip link „Zum Inhalt springen“ is the first thing in <body>, before the header "
        "landmark, so it is the first Tab stop on every page (WCAG 2.4.1, the pattern of "
        "KERN and of axe's own 'region' rule, which exempts skip links). WCAG does not ask "
        "for all content inside landmarks; all other content of the portal is.",
        element=r"^a\.skip-(link|to-content-link) ",
    ),
    Exception_(
        "IBM",
        "input_label_exists",
        "A field inside a closed <details> (the „Melden“ and „Termin hinzufügen“ forms) has "
        "its <label for>; IBM does not find labels that are hidden with the closed "
        "<details> and reports the field (engine 4.0.34: the same markup outside <details> "
        "passes). Open, the label is found; axe and HTML_CodeSniffer find it either way.",
        element=r"\(in a closed <details>\)",
    ),
    Exception_(
        "HTML_CodeSniffer",
        r"WCAG2AA\.Principle3\.Guideline3_2\.3_2_2\.H32\.2",
        "allauth's „Abbrechen“ form (logout-from-stage) is submitted by a button placed "
        'elsewhere with form="logout-from-stage"; HTML_CodeSniffer does not know the form '
        "attribute and reports a form without a submit button.",
        element=r"^form#logout-from-stage\b",
    ),
    Exception_(
        "IBM",
        "aria_(form_label|landmark_name)_unique",
        "IBM counts every <form> as a form landmark. By HTML-AAM a <form> is a landmark "
        "only with an accessible name; the portal's small action forms (log out, cancel a "
        "booking) have none, so Chromium exposes no landmark for them and screen readers "
        "list none. The buttons inside carry the distinguishing names.",
        element=r"^form\b",
    ),
    Exception_(
        "IBM",
        "element_tabbable_role_valid",
        "A table that scrolls sideways sits in a region with a name and tabindex=0, so "
        "keyboard users can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable asks "
        "for exactly this). IBM wants every tab stop to have a widget role; a named region "
        "is the established pattern for a scroll container.",
        element=r"^div\.kern-table-responsive\b",
    ),
)


@cache
def _source(path: Path) -> str:
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: run `make setup` (npm ci installs the dev packages)"
        )
    return path.read_text(encoding="utf-8")


# Each element as tag#id.class, with the first 80 characters of its markup.
_DESCRIBE = """
  const describe = (el) => {
    if (!el || el.nodeType !== 1) return String(el && el.nodeName || el);
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList && el.classList.length ? '.' + [...el.classList].join('.') : '';
    const closed = el.closest('details:not([open])') ? ' (in a closed <details>)' : '';
    return el.tagName.toLowerCase() + id + cls + closed + ' ' + el.outerHTML.slice(0, 80);
  };
"""

HTMLCS_RUN = (
    """() => new Promise((resolve, reject) => {"""
    + _DESCRIBE
    + """
  try {
    HTMLCS.process('WCAG2AA', document, () => {
      resolve(HTMLCS.getMessages().filter((m) => m.type === HTMLCS.ERROR)
        .map((m) => ({rule: m.code, message: m.msg, element: describe(m.element)})));
    }, () => reject(new Error('HTML_CodeSniffer failed')), 'en');
  } catch (error) {
    // 2.5.1 throws while reporting some errors (a missing English message for H98,
    // autocomplete): that is a finding too, not a broken gate.
    const where = String(error.stack).slice(0, 200);
    resolve([{rule: 'crashed', message: String(error), element: where}]);
  }
})"""
)

IBM_RUN = (
    """async ([guideline, skipped]) => {"""
    + _DESCRIBE
    + """
  const checker = new ace.Checker();
  // Checker.disableRule switches off every rule (engine 4.0.34); set the flag per rule.
  const off = new Set(skipped);
  for (const g of checker.getGuidelines()) {
    let changed = false;
    for (const checkpoint of g.checkpoints) for (const rule of checkpoint.rules) {
      if (off.has(rule.id)) { rule.enabled = false; changed = true; }
    }
    if (changed) checker.addGuideline(g);
  }
  const report = await checker.check(document, [guideline]);
  const at = (xpath) => document.evaluate(xpath, document, null,
    XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
  return report.results
    .filter((r) => r.value[0] === 'VIOLATION' && r.value[1] === 'FAIL')
    .map((r) => ({rule: r.ruleId, message: r.message, element: describe(at(r.path.dom))}));
}"""
)


@dataclass(frozen=True)
class Finding:
    engine: str
    rule: str
    message: str
    element: str

    def __str__(self) -> str:
        return f"{self.engine} {self.rule} – {self.message} ({self.element})"


def accepted(finding: Finding) -> bool:
    return any(e.matches(finding.engine, finding.rule, finding.element) for e in EXCEPTIONS)


def run_htmlcs(page) -> list[Finding]:
    """HTML_CodeSniffer's WCAG2AA errors on the page now shown in ``page``."""
    page.evaluate(_source(HTMLCS_SCRIPT))
    return [Finding("HTML_CodeSniffer", **raw) for raw in page.evaluate(HTMLCS_RUN)]


def run_ibm(page, *, style_rules: bool = False) -> list[Finding]:
    """IBM Equal Access violations on the page now shown in ``page``; the rules of
    ``IBM_STYLE_RULES`` only when ``style_rules``."""
    page.evaluate(_source(ACE_SCRIPT))
    skipped = [] if style_rules else list(IBM_STYLE_RULES)
    return [Finding("IBM", **raw) for raw in page.evaluate(IBM_RUN, [IBM_GUIDELINE, skipped])]


def run_engines(page, *, style_rules: bool = False) -> list[Finding]:
    """Both engines on the page now shown, without the reviewed exceptions."""
    found = run_htmlcs(page) + run_ibm(page, style_rules=style_rules)
    return [finding for finding in found if not accepted(finding)]


_DJANGO = "Django 5.2's admin markup"
#: Findings on the back office pages (``ADMIN_GATE``) that are real and not yet fixed: they
#: come from Django's own admin templates and widgets, not from the portal. They are
#: tolerated on ``admin:`` pages only, and only these; each must still occur (a fixed one
#: must be removed here: ``test_a11y_gate`` fails on a stale entry), so the list can only
#: shrink. Keys: the axe rule id, „<engine> <rule>“, „CSP“ or „reflow“.
#: Empty since the overrides of templates/admin/ and static/js/admin-a11y.js (docs/
#: accessibility.md, "The back office"): the back office passes like every other page.
BACK_OFFICE_KNOWN: dict[str, str] = {}


def known_on_back_office(url_name: str, key: str) -> bool:
    """Whether ``key`` is a known, tolerated finding on the page ``url_name``."""
    return url_name.startswith("admin:") and key in BACK_OFFICE_KNOWN
