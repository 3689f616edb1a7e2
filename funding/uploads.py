"""The upload size limit, applied before the request body is read.

Django parses a multipart body when anything first touches ``request.POST`` (the CSRF
middleware does, before the view), writing every file to a temporary file whatever its
size. :func:`limit_upload_size` looks at ``Content-Length`` first: a larger body is never
read (the view is told through ``request.upload_too_large``); a body without a length
(chunked) is counted by :class:`LimitedUploadHandler`, which stops at the limit. nginx's
``client_max_body_size`` (docs/deploy.md) refuses such bodies even earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room for the form's other fields and the multipart boundaries.
OVERHEAD = 64 * 1024


class LimitedUploadHandler(FileUploadHandler):
    """Stops reading an upload once the body passes the limit (for bodies of unknown
    length); the view then sees no file."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_upload_size(limit: int) -> Callable:
    """Refuse request bodies over ``limit`` bytes (plus form overhead) before reading them.

    The CSRF check runs inside (``csrf_protect``) so that it, too, reads nothing of a body
    that is too large."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @wraps(view)
        @csrf_exempt
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            request.upload_too_large = False
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit + OVERHEAD:
                request.upload_too_large = True
                # Nothing of the body is read: no form, no files, no CSRF token to check;
                # the view only answers with the error.
                request._post, request._files = QueryDict(), MultiValueDict()
                return view(request, *args, **kwargs)
            request.upload_handlers.insert(0, LimitedUploadHandler(request, limit + OVERHEAD))
            return protected(request, *args, **kwargs)

        return wrapper

    return decorator
