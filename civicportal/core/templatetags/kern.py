"""KERN components as block tags (``{% load kern %}``): the markup lives once in
templates/components/, the pages pass only what differs.

    {% button "primary" %}{% translate "Speichern" %}{% endbutton %}
    {% button "secondary" size="x-small" href=url %}…{% endbutton %}
    {% badge "info" %}{{ status }}{% endbadge %}
    {% alert "success" title=title role="status" %}<p class="kern-body">…</p>{% endalert %}
    {% item _("Status") %}{{ status }}{% enditem %}      (one description-list item)
    {% card tag="li" class="extra" %}header{% cardbody %}body{% cardfooter %}footer{% endcard %}
    {% table "termine" caption=_("Meine Termine") small=True key=shift.pk %}
      {% column _("Wann") %}{% column _("Plätze") numeric=True %}
    {% tablebody %}<tr class="kern-table__row">…</tr>{% endtable %}

The content between the tags is rendered in the page's context and passed to the component
template as ``content`` (and ``body``/``footer`` for cards); the component's own variables
come only from the tag's arguments. The rendered component is stripped of the surrounding
whitespace of its template file, so the output is exactly the KERN markup.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


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

    def render(self, context: Context) -> SafeString:
        values = {key: value.resolve(context) for key, value in self.keywords.items()}
        if self.positional:
            values[POSITIONAL[self.name]] = self.positional[0].resolve(context)
        for part, nodelist in self.parts.items():
            values[part] = mark_safe(nodelist.render(context).strip())  # rendered by the page
        html = get_template(f"components/{self.name}.html").render(values)
        return mark_safe(html.strip())  # the component template escapes its values


# the one positional argument each component takes
POSITIONAL = {
    "button": "variant",
    "badge": "variant",
    "alert": "variant",
    "item": "key",
    "card": "tag",
    "table": "id",
}
# the sections of a component, each opened by a tag of that name (the first by the tag itself)
SECTIONS = {"card": ("content", "cardbody", "cardfooter"), "table": ("content", "tablebody")}
SECTION_NAMES = {"cardbody": "body", "cardfooter": "footer", "tablebody": "body"}


def _component(name: str):
    def compile_tag(parser: Parser, token: Token) -> ComponentNode:
        bits = token.split_contents()[1:]
        positional: list[FilterExpression] = []
        keywords: dict[str, FilterExpression] = {}
        for bit in bits:
            key, sep, value = bit.partition("=")
            if sep and key.isidentifier():
                keywords[key] = parser.compile_filter(value)
            elif keywords or positional:
                raise template.TemplateSyntaxError(
                    f"{{% {name} %}} takes one positional argument, then keywords: {bit}"
                )
            else:
                positional.append(parser.compile_filter(bit))
        sections = SECTIONS.get(name, ("content",))
        parts: dict[str, NodeList] = {}
        current = sections[0]
        following = [*sections[1:]]
        while True:
            nodelist = parser.parse((*following, f"end{name}"))
            parts[current] = nodelist
            tag = parser.next_token().contents
            if tag == f"end{name}":
                break
            current = SECTION_NAMES[tag]
            following = following[following.index(tag) + 1 :]
        return ComponentNode(name, positional, keywords, parts)

    compile_tag.__name__ = name
    return register.tag(name, compile_tag)


for _name in POSITIONAL:
    _component(_name)


@register.simple_tag
def column(label: str, *, numeric: bool = False) -> SafeString:
    """A column heading of a {% table %}."""
    numeric_class = " kern-table__header--numeric" if numeric else ""
    return format_html('<th scope="col" class="kern-table__header{}">{}</th>', numeric_class, label)
