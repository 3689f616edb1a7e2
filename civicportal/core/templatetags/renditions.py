"""Responsive images from uploads: ``{% picture image alt sizes %}``.

Renders a ``<picture>`` with a WebP ``srcset`` and a JPEG/PNG fallback ``srcset`` in
``WIDTHS`` (only those not wider than the stored image), made and cached by
easy-thumbnails on first use. The browser picks the fitting width for the layout
(``sizes``). A file that cannot be read is shown as it is (``<img src>``), never a 500.
"""

from __future__ import annotations

import logging

from django import template
from django.utils.html import format_html, format_html_join
from easy_thumbnails.exceptions import EasyThumbnailsError
from easy_thumbnails.files import get_thumbnailer

register = template.Library()
logger = logging.getLogger(__name__)

#: rendition widths in CSS pixels × density that cover phones to wide screens
WIDTHS = (480, 800, 1200, 1600)
DEFAULT_SIZES = "(min-width: 64em) 48rem, 100vw"


def _renditions(image, extension: str | None) -> list[tuple[str, int, int]]:
    thumbnailer = get_thumbnailer(image)
    if extension:
        thumbnailer.thumbnail_extension = extension
        thumbnailer.thumbnail_transparency_extension = extension
    width = image.width
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    result = []
    for target in sorted(set(widths)):
        thumb = thumbnailer.get_thumbnail({"size": (target, 0), "quality": 80})
        result.append((thumb.url, thumb.width, thumb.height))
    return result


@register.simple_tag
def picture(image, alt: str, sizes: str = DEFAULT_SIZES):
    if not image:
        return ""
    try:
        webp = _renditions(image, "webp")
        fallback = _renditions(image, None)
    except (EasyThumbnailsError, OSError, ValueError) as error:
        logger.warning("no renditions for %s: %s", getattr(image, "name", image), error)
        return format_html('<img src="{}" alt="{}">', image.url, alt)
    largest = fallback[-1]
    middle = fallback[min(1, len(fallback) - 1)]
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="lazy" decoding="async"></picture>',
        format_html_join(", ", "{} {}w", ((url, w) for url, w, _h in webp)),
        sizes,
        middle[0],
        format_html_join(", ", "{} {}w", ((url, w) for url, w, _h in fallback)),
        sizes,
        largest[1],
        largest[2],
        alt,
    )
