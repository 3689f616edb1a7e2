"""Public uploads (``MEDIA_ROOT``: initiative images, sign-language videos and captions)
served by Django when no web server does it (``make run``, the embedded set-up).

In production nginx serves ``/media/`` itself (docs/deploy.md, with the same headers) and
``MEDIA_SERVE=0`` switches this view off. Either way only the kinds of file the portal
shows are delivered — images, MP4/WebM video and WebVTT captions — each with its own
content type, ``X-Content-Type-Options: nosniff`` and a Content-Security-Policy that
forbids scripts and sandboxes the response, so an uploaded file can never run as a page
of the portal. Private uploads (``PRIVATE_MEDIA_ROOT``) are never served from here.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

#: the only public upload types, by extension, with the content type they are sent as
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".vtt": "text/vtt; charset=utf-8",
}
#: no scripts, no plugins, no framing, a sandbox without any allowance
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox; frame-ancestors 'none'"


@require_safe
def serve(request: HttpRequest, path: str) -> FileResponse:
    """One public upload, if it exists and is of a kind in ``MEDIA_TYPES``; else 404."""
    content_type = MEDIA_TYPES.get(Path(path).suffix.lower())
    if content_type is None:
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as error:  # a path outside MEDIA_ROOT
        raise Http404 from error
    if not full.is_file():
        raise Http404
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600"
    return response
