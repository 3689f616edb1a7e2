"""KERN components as block tags (``{% load kern %}``): the markup of each lives once,
here; the pages pass only what differs.

    {% button "primary" %}{% translate "Speichern" %}{% endbutton %}
    {% button "secondary" size="x-small" href=url %}…{% endbutton %}
    {% badge "info" %}{{ status }}{% endbadge %}
    {% alert "success" title=title role="status" %}<p class="kern-body">…</p>{% endalert %}
    {% item _("Status") %}{{ status }}{% enditem %}      (one description-list item)
    {% card "li" class="extra" %}header{% cardbody %}body{% cardfooter %}footer{% endcard %}
    {% table "termine" caption=_("Meine Termine") small=True key=shift.pk %}
      {% column _("Wann") %}{% column _("Plätze") numeric=True %}
    {% tablebody %}<tr class="kern-table__row">…</tr>{% endtable %}

The content between the tags is rendered in the page's context (stripped of the whitespace
around it) and placed into the component; the component's own values come only from the
tag's arguments and are escaped. The markup is built with ``format_html`` rather than a
partial template per component: a list page renders some eighty components, and a template
render each cost ~0.2 ms more than the markup it replaced (docs/decisions.md, 14).
"""

from __future__ import annotations

from collections.abc import Callable

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

Values = dict[str, object]


def _attribute(name: str, value: object) -> SafeString:
    """`` name="value"`` (escaped), or nothing for an empty value."""
    return format_html(' {}="{}"', name, value) if value else mark_safe("")


def _classes(base: str, *extra: object) -> str:
    return " ".join([base, *(str(value) for value in extra if value)])


def _button(v: Values) -> SafeString:
    size = f"kern-btn--{v['size']}" if v.get("size") else ""
    classes = _classes("kern-btn", f"kern-btn--{v['variant']}", size, v.get("class"))
    if v.get("href"):
        return format_html(
            '<a class="{}" href="{}"{}><span class="kern-label">{}</span></a>',
            classes,
            v["href"],
            _attribute("rel", v.get("rel")),
            v["content"],
        )
    return format_html(
        '<button type="{}"{}{}{} class="{}"><span class="kern-label">{}</span></button>',
        v.get("type") or "submit",
        _attribute("name", v.get("name")),
        _attribute("value", v.get("value")),
        _attribute("formaction", v.get("formaction")),
        classes,
        v["content"],
    )


def _badge(v: Values) -> SafeString:
    return format_html(
        '<span class="{}"{}><span class="kern-label kern-label--small">{}</span></span>',
        _classes("kern-badge", f"kern-badge--{v['variant']}", v.get("class")),
        _attribute("title", v.get("title")),
        v["content"],
    )


TITLE_TAGS = {"span", "p", "h2", "h3"}


def _alert(v: Values) -> SafeString:
    tag = v.get("title_tag") or "span"
    if tag not in TITLE_TAGS:
        raise template.TemplateSyntaxError(f"{{% alert %}}: title_tag must be one of {TITLE_TAGS}")
    icon = (
        format_html('<span class="kern-icon kern-icon--{}" aria-hidden="true"></span>', v["icon"])
        if v.get("icon")
        else ""
    )
    body = (
        format_html('<div class="kern-alert__body">{}</div>', v["content"]) if v["content"] else ""
    )
    return format_html(
        '<div class="kern-alert kern-alert--{}"{}><div class="kern-alert__header">{}<{} class="{}">'
        "{}</{}></div>{}</div>",
        v["variant"],
        _attribute("role", v.get("role")),
        icon,
        tag,
        _classes("kern-title", "kern-title--small" if v.get("small") else ""),
        v.get("title", ""),
        tag,
        body,
    )


def _item(v: Values) -> SafeString:
    return format_html(
        '<div class="kern-description-list-item">'
        '<dt class="kern-description-list-item__key">{}</dt>'
        '<dd class="kern-description-list-item__value">{}</dd></div>',
        v["key"],
        v["content"],
    )


CARD_TAGS = {"article", "li", "section", "div"}


def _card(v: Values) -> SafeString:
    tag = v.get("tag") or "article"
    if tag not in CARD_TAGS:
        raise template.TemplateSyntaxError(f"{{% card %}}: the element must be one of {CARD_TAGS}")
    if v.get("body"):
        inner = format_html(
            '<header class="kern-card__header">{}</header><div class="kern-card__body">{}</div>{}',
            v["content"],
            v["body"],
            format_html('<footer class="kern-card__footer">{}</footer>', v["footer"])
            if v.get("footer")
            else "",
        )
    else:
        inner = v["content"]
    # ``label``: the card's accessible name (a landmark-like <article> needs one, issue 19)
    label = format_html(' aria-label="{}"', v["label"]) if v.get("label") else ""
    return format_html(
        '<{} class="{}"{}><div class="kern-card__container">{}</div></{}>',
        tag,
        _classes("kern-card", v.get("class")),
        label,
        inner,
        tag,
    )


def _table(v: Values) -> SafeString:
    ident = f"{v['id']}-{v['key']}" if v.get("key") else v["id"]
    return format_html(
        '<div class="kern-table-responsive" tabindex="0" role="region" aria-labelledby="{}">'
        '<table class="{}"><caption id="{}" class="kern-sr-only">{}</caption>'
        '<thead class="kern-table__header"><tr class="kern-table__row">{}</tr></thead>'
        '<tbody class="kern-table__body">{}</tbody></table></div>',
        ident,
        _classes("kern-table", "kern-table--small" if v.get("small") else ""),
        ident,
        v.get("caption", ""),
        v["content"],
        v.get("body", ""),
    )


# name → (the one positional argument, the markup builder)
COMPONENTS: dict[str, tuple[str, Callable[[Values], SafeString]]] = {
    "button": ("variant", _button),
    "badge": ("variant", _badge),
    "alert": ("variant", _alert),
    "item": ("key", _item),
    "card": ("tag", _card),
    "table": ("id", _table),
}
# further sections of a component, each opened by a tag of that name
SECTIONS = {"card": ("cardbody", "cardfooter"), "table": ("tablebody",)}
SECTION_NAMES = {"cardbody": "body", "cardfooter": "footer", "tablebody": "body"}


class ComponentNode(template.Node):
    def __init__(
        self,
        name: str,
        positional: list[FilterExpression],
        keywords: dict[str, FilterExpression],
        parts: dict[str, NodeList],
    ) -> None:
        self.name = name
        self.positional = positional
        self.keywords = keywords
        self.parts = parts

    def get_nodes_by_type(self, nodetype: type) -> list[template.Node]:
        """The nodes of the component's parts too (``Node`` only knows named nodelists),
        so a ``{% personal %}`` inside a table or a card is found."""
        nodes = [self] if isinstance(self, nodetype) else []
        for nodelist in self.parts.values():
            nodes.extend(nodelist.get_nodes_by_type(nodetype))
        return nodes

    def render(self, context: Context) -> SafeString:
        argument, build = COMPONENTS[self.name]
        values: Values = {key: value.resolve(context) for key, value in self.keywords.items()}
        if self.positional:
            values[argument] = self.positional[0].resolve(context)
        for part, nodelist in self.parts.items():
            values[part] = mark_safe(nodelist.render(context).strip())  # rendered by the page
        return build(values)


def _component(name: str) -> None:
    def compile_tag(parser: Parser, token: Token) -> ComponentNode:
        positional: list[FilterExpression] = []
        keywords: dict[str, FilterExpression] = {}
        for bit in token.split_contents()[1:]:
            key, sep, value = bit.partition("=")
            if sep and key.isidentifier():
                keywords[key] = parser.compile_filter(value)
            elif keywords or positional:
                raise template.TemplateSyntaxError(
                    f"{{% {name} %}} takes one positional argument, then keywords: {bit}"
                )
            else:
                positional.append(parser.compile_filter(bit))
        parts: dict[str, NodeList] = {}
        current, following = "content", list(SECTIONS.get(name, ()))
        while True:
            parts[current] = parser.parse((*following, f"end{name}"))
            tag = parser.next_token().contents
            if tag == f"end{name}":
                return ComponentNode(name, positional, keywords, parts)
            current = SECTION_NAMES[tag]
            following = following[following.index(tag) + 1 :]

    compile_tag.__name__ = name
    register.tag(name, compile_tag)


for _name in COMPONENTS:
    _component(_name)


@register.simple_tag
def column(label: str, *, numeric: bool = False) -> SafeString:
    """A column heading of a {% table %}."""
    numeric_class = " kern-table__header--numeric" if numeric else ""
    return format_html('<th scope="col" class="kern-table__header{}">{}</th>', numeric_class, label)
