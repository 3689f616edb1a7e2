"""Personal parts of shared pages: the holes a signed-in person's page is filled in at.

A page whose body is the same for everyone (a list, an opportunity's or an initiative's
public body, the filter form, the footer) marks what belongs to the person who looks at it
with ``{% personal "kind" key %}…{% endpersonal %}`` (``civicportal.core.templatetags
.personal``): the header's account menu, the messages, „du bist angemeldet“ and the sign-up
form on a shift, the follow button.

- Rendered normally (anonymous visitors, the anonymous page cache, tests with the cache
  off), the tag renders its body in place: the page is byte for byte what it was.
- Rendered as the shared body of a signed-in page (``civicportal.cache``: the view runs
  once per content version, language and URL as an anonymous visitor, with
  ``request.personal_holes`` set), the tag leaves only a placeholder,
  ``<!--personal:<template>:<kind>:<key>-->``, and the body goes to the shared cache with
  its holes.
- :func:`fill` then renders every hole for the person of the request: the body of the very
  ``{% personal %}`` tag in its template, with the context that the kind's loader returns
  for all keys of the page at once (one query for the person's state, registered by the
  app in ``AppConfig.ready()`` with :func:`register`) on top of the context processors
  (``user``, ``request``, ``csrf_token``, ``messages``). A kind without a loader (the
  account menu, the messages) needs only those.

The person's part is therefore never stored: a person never sees another person's part.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from django.http import HttpRequest
from django.template import Node, RequestContext
from django.template.loader import get_template
from django.utils.safestring import mark_safe

#: kind -> loader(request, keys) -> {key: extra template context for that hole}
Loader = Callable[[HttpRequest, list[str]], dict[str, dict]]
_loaders: dict[str, Loader] = {}

HOLE = re.compile(r"<!--personal:([\w./-]+):([\w-]+):([\w-]*)-->")
KEY = re.compile(r"[^\w-]")

# (template, kind) -> the compiled {% personal %} node, per loaded template object
_nodes: dict[tuple[object, str], object] = {}


def register(kind: str, loader: Loader) -> None:
    """The kind's loader: ``loader(request, keys)`` returns each key's extra context,
    reading the person's state for all keys of the page in one query."""
    _loaders[kind] = loader


def wanted(request: HttpRequest | None) -> bool:
    """Does this render produce a shared body (holes instead of personal parts)?"""
    return bool(getattr(request, "personal_holes", False))


def placeholder(template_name: str, kind: str, key: object) -> str:
    return f"<!--personal:{template_name}:{kind}:{KEY.sub('', str(key))}-->"


class PersonalNode(Node):
    """The compiled ``{% personal %}`` tag (registered in ``templatetags/personal.py``)."""

    child_nodelists = ("nodelist",)

    def __init__(self, kind: str, key, nodelist) -> None:
        self.kind = kind
        self.key = key
        self.nodelist = nodelist

    def render(self, context) -> str:
        if wanted(context.get("request")):
            key = self.key.resolve(context) if self.key is not None else ""
            return mark_safe(placeholder(self.origin.template_name, self.kind, key))
        return self.nodelist.render(context)


def _node(template, kind: str):
    found = _nodes.get((template, kind))
    if found is None:
        nodes = [
            node for node in template.nodelist.get_nodes_by_type(PersonalNode) if node.kind == kind
        ]
        if len(nodes) != 1:
            raise LookupError(f"{template.origin.template_name}: one {{% personal {kind!r} %}}")
        if len(_nodes) > 200:  # templates reloaded in development
            _nodes.clear()
        found = _nodes[(template, kind)] = nodes[0]
    return found


def fill(request: HttpRequest, html: str) -> str:
    """The shared body with every hole rendered for the person of ``request``."""
    holes: dict[tuple[str, str], list[str]] = defaultdict(list)
    for template_name, kind, key in HOLE.findall(html):
        holes[(template_name, kind)].append(key)
    if not holes:
        return html
    rendered: dict[tuple[str, str, str], str] = {}
    for (template_name, kind), keys in holes.items():
        loader = _loaders.get(kind)
        contexts = loader(request, keys) if loader else {}
        template = get_template(template_name).template
        node = _node(template, kind)
        context = RequestContext(request)
        with context.bind_template(template):
            for key in keys:
                extra = contexts.get(key) if loader else {}
                if extra is None:  # gone since the body was rendered: nothing to show
                    rendered[(template_name, kind, key)] = ""
                    continue
                with context.push(extra):
                    rendered[(template_name, kind, key)] = node.nodelist.render(context)
    return HOLE.sub(lambda match: rendered[match.groups()], html)
