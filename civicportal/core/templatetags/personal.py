"""``{% personal "kind" key %}…{% endpersonal %}``: the person's own part of a shared page
(``civicportal.core.personal``). Rendered in place, except in the shared body of a signed-in
page, where it leaves a placeholder that is filled for each person."""

from __future__ import annotations

from django import template

from civicportal.core.personal import PersonalNode

register = template.Library()


@register.tag("personal")
def do_personal(parser, token) -> PersonalNode:
    bits = token.split_contents()
    if len(bits) not in (2, 3) or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('usage: {% personal "kind" [key] %}…{% endpersonal %}')
    nodelist = parser.parse(("endpersonal",))
    parser.delete_first_token()
    key = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return PersonalNode(bits[1][1:-1], key, nodelist)
