"""Uploads: size limits before the body is read, and staff media checked by content.

**Size limits.** Upload size limits that apply before the request body is read.

Django parses a multipart body when anything first touches ``request.POST`` or
``request.FILES`` (the CSRF middleware and the portal's own middlewares do, long before the
view), writing every file to a temporary file whatever its size. A view marked with
:func:`limit_upload_size` declares its limit; :class:`LimitedUploadHandler` (first in
``settings.FILE_UPLOAD_HANDLERS``) looks the view up when the body is about to be parsed:

* a ``Content-Length`` over the limit: the body is not read at all; ``POST`` and ``FILES``
  are empty and ``request.upload_too_large`` is set, and the view answers with its error
  (without the CSRF check, which would need the unread body — the answer changes nothing);
* a body without a length (chunked) is counted and parsing stops at the limit.

nginx's ``client_max_body_size`` (docs/deploy.md) refuses such bodies even earlier.

**Staff media.** Uploads by staff: images decoded and re-encoded, video and captions checked
by content.

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
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import Image, ImageOps, UnidentifiedImageError

# Room for the form's other fields and the multipart boundaries.
OVERHEAD = 64 * 1024


def _limit_for(request: HttpRequest) -> int | None:
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    limit = getattr(view, "upload_limit", None)
    return None if limit is None else limit + OVERHEAD


class LimitedUploadHandler(FileUploadHandler):
    """Applies the limit of the view the request goes to (others: no limit here)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = _limit_for(request) if request is not None else None
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self.limit is not None and content_length > self.limit:
            self.request.upload_too_large = True
            return QueryDict(), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.limit is not None and self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_upload_size(limit: int) -> Callable:
    """Mark a view: request bodies over ``limit`` bytes (plus form overhead) are not read;
    the view sees ``request.upload_too_large`` and answers with its error."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.POST  # noqa: B018 - parse (or skip) the body through the handlers now
            if getattr(request, "upload_too_large", False):
                return view(request, *args, **kwargs)
            return protected(request, *args, **kwargs)

        wrapper.upload_limit = limit
        return wrapper

    return decorator


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
