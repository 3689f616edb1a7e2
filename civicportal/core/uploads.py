"""Upload size limits that apply before the request body is read.

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
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

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
