"""The template filters of the PDF documents (civicportal/core/templatetags/documents.py)."""

from __future__ import annotations

import datetime

from django.utils import translation

from civicportal.core.templatetags.documents import (
    address_lines,
    document_text,
    long_date,
    short_date,
)


def test_document_text_escapes_and_keeps_addresses_whole():
    text = 'Mehr unter https://example.org/a-b?x=1&y=2. Fragen: <b>"Ayşe"</b> ayse@example.org'

    html = document_text(text)

    assert html == (
        'Mehr unter <span class="address">https://example.org/a-b?x=1&amp;y=2</span>. '
        "Fragen: &lt;b&gt;&quot;Ayşe&quot;&lt;/b&gt; "
        '<span class="address">ayse@example.org</span>'
    )


def test_address_lines_split_a_one_line_address():
    assert address_lines("c/o Ayşe Yılmaz, Straße der Nationen 12, <09111> Chemnitz") == (
        "c/o Ayşe Yılmaz<br>Straße der Nationen 12<br>&lt;09111&gt; Chemnitz"
    )


def test_dates_follow_the_document_language_and_never_split():
    day = datetime.date(2025, 9, 21)
    with translation.override("de"):
        assert (short_date(day), long_date(day)) == ("21.09.2025", "21. September 2025")
    with translation.override("en"):
        assert (short_date(day), long_date(day)) == ("21\u00a0Sep\u00a02025", "Sept. 21, 2025")
