"""Valid HTML: every page type in every state of the gate passes the Nu Html Checker.

All pages go to one vnu run (the JVM start costs seconds), together with a deliberately
broken canary page that must fail, so a checker that silently checks nothing is noticed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.portal_pages import GATE, fetch_worlds

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CANARY = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Kanarienvogel</title>'
    "</head><body><p><div>Ein div darf nicht in einem p stehen.</div></p></body></html>"
)


def run_vnu(files: list[Path]) -> dict[Path, list[dict]]:
    """Check ``files`` in one run; return the error messages per file."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java not found: install it with `apt-get install default-jre-headless` "
            "(the Nu Html Checker needs it).",
            pytrace=False,
        )
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} missing: run `npm ci`.", pytrace=False)
    result = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except ValueError:
        pytest.fail(f"the Nu checker did not answer in JSON: {result.stderr[:500]}")
    errors: dict[Path, list[dict]] = {}
    for message in messages:
        if message.get("type") in {"error", "non-document-error"}:
            url = message.get("url", "file:?").removeprefix("file:").lstrip("/")
            errors.setdefault(Path("/" + url), []).append(message)
    return errors


def test_every_page_state_is_valid_html(db, tmp_path, record_property):
    labels: dict[Path, str] = {}
    names_checked: set[str] = set()
    for number, page in enumerate(fetch_worlds()):
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(page.html, encoding="utf-8")
        labels[path] = f"{page.visit.label} {page.url}"
        names_checked.add(page.visit.url_name)
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    errors = run_vnu([*labels, canary])

    canary_errors = errors.pop(canary, [])
    assert canary_errors, "the Nu checker did not flag the broken canary page"
    report = [
        f"{labels.get(path, path)} line {m.get('lastLine')}: {m['message']}"
        for path, found in errors.items()
        for m in found
    ]
    assert report == [], "\n".join(report)
    assert names_checked == set(GATE), f"never checked: {sorted(set(GATE) - names_checked)}"
    record_property(
        "portal_report",
        f"Nu Html Checker: {len(labels)} pages × states ({len(names_checked)} URL names), 0 errors",
    )
