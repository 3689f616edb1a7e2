"""The language of parts (WCAG 3.1.2): the portal's content — titles, texts, names that
editors and residents write — is German; on the English pages it is marked so that
screen readers read it with German pronunciation."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

#: the language content is written in
CONTENT_LANGUAGE = "de"


@register.simple_tag
def content_lang() -> SafeString:
    """`` lang="de"`` on an element with German content, when the page is not German
    (nothing on German pages, where the page's language already says it)."""
    language = (get_language() or CONTENT_LANGUAGE).split("-")[0]
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"' if language != CONTENT_LANGUAGE else "")
