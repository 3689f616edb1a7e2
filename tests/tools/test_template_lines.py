"""No template line over 160 characters: long lines hide markup that should be a component
(``{% load kern %}``, civicportal/core/templatetags/kern.py) and make reviews and merges harder.

Break a long line where whitespace changes nothing: between attributes inside a tag, at a
space in text, inside ``{% blocktranslate trimmed %}`` (the message id stays the same), or at
the inner edge of a block element (after ``<p>``, before ``</li>``).
"""

from __future__ import annotations

from django.conf import settings

LIMIT = 160


def long_lines() -> list[str]:
    root = settings.BASE_DIR / "templates"
    offenders = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".html", ".txt"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if len(line) > LIMIT:
                offenders.append(f"{path.relative_to(root)}:{number} ({len(line)} characters)")
    return offenders


def test_no_template_line_over_the_limit():
    offenders = long_lines()

    assert not offenders, f"template lines over {LIMIT} characters:\n" + "\n".join(offenders)


def test_the_check_finds_a_planted_long_line(tmp_path, settings):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "planted.html").write_text("<p>" + "x" * LIMIT + "</p>\n")
    settings.BASE_DIR = tmp_path

    assert long_lines() == ["planted.html:1 (167 characters)"]
