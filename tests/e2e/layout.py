"""The layout checks of the layout gate, run in the browser on a rendered page.

``LAYOUT_JS`` returns every finding of one page at the current viewport width:

* ``broken-word`` – a word inside a button, link, label, badge, table header or heading that the
  browser split over two or more lines (its Range has more than one client rect), e.g. a
  button squeezed to one letter per line;
* ``too-wide`` – an element reaching past the viewport, or past the box of its nearest
  block container, unless it sits in a deliberate scroll region (an ancestor whose
  ``overflow-x`` is ``auto`` or ``scroll``); the document itself scrolling sideways;
* ``overlap`` – two visible interactive elements (links, buttons, fields) whose boxes
  overlap, neither containing the other;
* ``image`` – an ``<img>`` that did not load (``naturalWidth`` is 0).

Titles are checked in Python (``title_problems``): well formed („Seite – civicportal“) and
unique per path across all pages of a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WIDTHS = (320, 390, 1280)

LAYOUT_JS = r"""() => {
  const findings = [];
  const vw = document.documentElement.clientWidth;
  const describe = (el) => {
    let text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('alt') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 40);
    const cls = (typeof el.className === 'string' && el.className)
      ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return `<${el.tagName.toLowerCase()}${cls}>` + (text ? ` „${text}“` : '');
  };
  const visible = (el) => {
    if (el.closest('.kern-sr-only, .skip-link, [hidden], [aria-hidden="true"]')) return false;
    // Also false inside a closed <details> (its content is content-visibility: hidden).
    if (!el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // An ancestor that scrolls sideways on purpose (a table in a scroll region).
  const inScrollRegion = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };

  // 1. Words broken inside buttons, links, labels, badges and table headers. A word wider
  // than the content column itself may break (nothing else could hold it); a hyphen or a
  // slash is a break opportunity of its own.
  const main = document.querySelector('main') || document.body;
  const column = main.clientWidth - parseFloat(getComputedStyle(main).paddingLeft)
    - parseFloat(getComputedStyle(main).paddingRight);
  const WORDY = 'button, a, label, .kern-label, .kern-badge, th, summary, [role="button"],'
    + ' h1, h2, h3';
  const seen = new Set();
  for (const el of document.querySelectorAll(WORDY)) {
    if (!visible(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || seen.has(node) || !visible(parent)) continue;
      seen.add(node);
      const text = node.textContent;
      const re = /[^\s\-\u2010\u2011\u2013\/]+/g;
      let m;
      while ((m = re.exec(text))) {
        if (m[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const lines = new Set(rects.map((r) => Math.round(r.top)));
        const width = rects.reduce((sum, r) => sum + r.width, 0);
        if (lines.size > 1 && width <= column) {
          findings.push(`broken-word: „${m[0]}“ over ${lines.size} lines in ${describe(el)}`
            + ` (${Math.round(el.getBoundingClientRect().width)} px wide)`);
          break;
        }
      }
    }
  }

  // 2. Nothing wider than the viewport or its container (scroll regions excepted).
  if (document.documentElement.scrollWidth > vw + 1) {
    findings.push(`too-wide: the page scrolls sideways (${document.documentElement.scrollWidth}`
      + ` px > ${vw} px)`);
  }
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'OPTION', 'BR', 'TEMPLATE'].includes(el.tagName)) continue;
    if (!visible(el) || inScrollRegion(el)) continue;
    const s = getComputedStyle(el);
    if (s.position === 'fixed' || s.position === 'absolute') continue;
    const r = el.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1) {
      wide.push(`too-wide: ${describe(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}`
        + ` px, the viewport is ${vw} px`);
      continue;
    }
    const parent = el.parentElement;
    if (!parent || parent === document.body || s.display.startsWith('table')
        || s.display === 'inline' || s.display === 'contents') continue;
    const ps = getComputedStyle(parent);
    if (ps.display === 'inline' || ps.display === 'contents') continue;
    const pr = parent.getBoundingClientRect();
    const slack = 1 + parseFloat(ps.borderRightWidth) + 0;
    if (r.right > pr.right + slack && r.width > 0 && pr.width > 0
        && Math.round(r.right - pr.right) > 1) {
      wide.push(`too-wide: ${describe(el)} reaches ${Math.round(r.right - pr.right)} px past`
        + ` its container ${describe(parent)}`);
    }
  }
  // Report the outermost offenders only (children of a too-wide box are too wide as well).
  findings.push(...wide.slice(0, 5));

  // 3. Overlapping interactive elements.
  const INTERACTIVE = 'a[href], button, input:not([type="hidden"]), select, textarea, summary';
  const boxes = [];
  for (const el of document.querySelectorAll(INTERACTIVE)) {
    if (!visible(el)) continue;
    // KERN draws check boxes and radios over their (transparent) native input.
    for (const r of el.getClientRects()) boxes.push([el, r]);
  }
  const reported = new Set();
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, ra] = boxes[i];
      const [b, rb] = boxes[j];
      if (a === b || a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 2 && h > 2) {
        const key = describe(a) + describe(b);
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push(`overlap: ${describe(a)} and ${describe(b)} overlap by`
          + ` ${Math.round(w)}×${Math.round(h)} px`);
      }
    }
  }

  // 4. Every image loaded.
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      findings.push(`image: ${img.getAttribute('src')} did not load`);
    }
  }
  return findings;
}"""

#: after a load or a resize: two frames (the browser picks a new ``srcset`` candidate for the
#: new width), then every image that is still loading has loaded or failed
WAIT_FOR_IMAGES_JS = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all([...document.images].map((img) => img.complete ? null
    : new Promise((done) => {
      img.addEventListener('load', done, {once: true});
      img.addEventListener('error', done, {once: true});
    })));
}"""

TITLE = re.compile(r"^(?P<page>\S(?:.*\S)?) – (?P<site>[^–]+)$")


def page_key(path: str) -> str:
    """The path and its page number: filter states of one list may share a title, pages of
    different paths and page 2 of a list may not."""
    base, _, query = path.split("#")[0].partition("?")
    page = re.search(r"(?:^|&)seite=(\d+)", query)
    return f"{base}?seite={page[1]}" if page and page[1] != "1" else base


def title_problems(titles: Iterable[tuple[str, str, str]], site_name: str) -> list[str]:
    """``titles``: (label, path, title) per page. A title reads „Seite – site_name“ (one
    separator, no doubled blanks, the page part not empty and not the site name itself);
    two different paths never share a title."""
    problems = []
    by_title: dict[str, set[str]] = {}
    for label, path, title in titles:
        match = TITLE.match(title)
        if (
            not match
            or match["site"] != site_name
            or "  " in title
            or site_name in match["page"]
            or title != title.strip()
        ):
            problems.append(f"{label} {path}: title „{title}“ is not „Seite – {site_name}“")
        by_title.setdefault(title, set()).add(page_key(path))
    for title, paths in sorted(by_title.items()):
        if len(paths) > 1:
            problems.append(f"title „{title}“ is shared by {len(paths)} pages: {sorted(paths)}")
    return problems
