"""Uploads by staff: images decoded and re-encoded, video and captions checked by content.

* :func:`reencode_image` opens an uploaded image with Pillow (which refuses anything that
  is not a decodable raster image: SVG, HTML, a renamed script), applies the EXIF
  orientation, drops every metadata block (camera, GPS), scales it down to at most
  ``MAX_IMAGE_EDGE`` pixels and stores it anew as JPEG (or PNG when it has
  transparency). What is stored is what Pillow wrote, never the uploaded bytes.
* :func:`check_video` and :func:`check_captions` accept only MP4/WebM and WebVTT, by
  the file's content (``filetype`` reads the magic numbers), whatever its name says.

The renditions for the public pages (``srcset`` widths, WebP) are made from the stored
image by easy-thumbnails (``civicportal/core/templatetags/renditions.py``).
"""

from __future__ import annotations

import io
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

#: longest edge of a stored image (the largest rendition is smaller still)
MAX_IMAGE_EDGE = 2400
#: images larger than this many pixels are refused before decoding (decompression bombs)
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_BYTES = 15 * 1024 * 1024
VIDEO_TYPES = {"video/mp4": ".mp4", "video/webm": ".webm"}
MAX_CAPTION_BYTES = 2 * 1024 * 1024


def reencode_image(upload) -> InMemoryUploadedFile:
    """The upload as a freshly encoded JPEG/PNG; ``ValidationError`` if it is no image."""
    if upload.size and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Das Bild ist größer als 15 MB."), code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("Das Bild hat zu viele Pixel."), code="too_many_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as source:
            image = ImageOps.exif_transpose(source)
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(
            _("Die Datei ist kein Bild (erlaubt: JPEG, PNG, GIF, WebP)."), code="not_an_image"
        ) from error
    transparent = image.mode in {"RGBA", "LA"} or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if transparent else "RGB")
    image.thumbnail((MAX_IMAGE_EDGE, MAX_IMAGE_EDGE), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if transparent:
        image.save(output, format="PNG", optimize=True)
        suffix, content_type = ".png", "image/png"
    else:
        image.save(output, format="JPEG", quality=85, optimize=True, progressive=True)
        suffix, content_type = ".jpg", "image/jpeg"
    name = (Path(upload.name or "bild").stem or "bild")[:80] + suffix
    return InMemoryUploadedFile(
        output, "image", name, content_type, output.getbuffer().nbytes, None
    )


def _head(upload, size: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def check_video(upload) -> None:
    """MP4 or WebM by content, with the matching file-name extension."""
    kind = filetype.guess(_head(upload))
    if kind is None or kind.mime not in VIDEO_TYPES:
        raise ValidationError(
            _("Bitte laden Sie ein Video im Format MP4 oder WebM hoch."), code="not_a_video"
        )
    if Path(upload.name or "").suffix.lower() != VIDEO_TYPES[kind.mime]:
        upload.name = (Path(upload.name or "video").stem or "video") + VIDEO_TYPES[kind.mime]


def check_captions(upload) -> None:
    """A WebVTT file: UTF-8 text that starts with ``WEBVTT``, nothing that looks like
    markup (no ``<script``, ``<svg``, ``<html``)."""
    if upload.size and upload.size > MAX_CAPTION_BYTES:
        raise ValidationError(_("Die Untertiteldatei ist größer als 2 MB."), code="too_large")
    upload.seek(0)
    raw = upload.read(MAX_CAPTION_BYTES + 1)
    upload.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("Die Untertitel müssen eine WebVTT-Datei (UTF-8) sein."), code="not_vtt"
        ) from error
    lowered = text.lower()
    if not text.startswith("WEBVTT") or any(
        marker in lowered for marker in ("<script", "<svg", "<html", "<iframe", "<object")
    ):
        raise ValidationError(
            _("Die Untertitel müssen eine WebVTT-Datei sein (erste Zeile „WEBVTT“)."),
            code="not_vtt",
        )
    upload.name = (Path(upload.name or "untertitel").stem or "untertitel") + ".vtt"
