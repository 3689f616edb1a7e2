"""Public query parameters are German (``kommune``, ``thema``, ``jahr``, ``seite``, …).

Links with the old English names (bookmarks, shared links, feeds readers) keep working:
``renamed_query_parameters`` answers them with a permanent redirect (301) to the same
path with the German names, the values and every other parameter unchanged. When both
names are present the German one wins.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict

# The page number of every paged list.
PAGE = "seite"
PAGE_RENAMES = {"page": PAGE}


def german_query(query: QueryDict, renames: dict[str, str]) -> QueryDict | None:
    """``query`` with the old names replaced, or None when it has none of them."""
    if not any(old in query for old in renames):
        return None
    renamed = QueryDict(mutable=True)
    for key, values in query.lists():
        new = renames.get(key)
        if new is None:
            renamed.setlist(key, renamed.getlist(key) + values)
        elif new not in query:
            renamed.setlist(new, renamed.getlist(new) + values)
    return renamed


def renamed_query_parameters(renames: dict[str, str]) -> Callable:
    """Decorate a GET view: old parameter names in ``renames`` (old → new) redirect."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                renamed = german_query(request.GET, renames)
                if renamed is not None:
                    query = renamed.urlencode()
                    return HttpResponsePermanentRedirect(
                        request.path + (f"?{query}" if query else "")
                    )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
