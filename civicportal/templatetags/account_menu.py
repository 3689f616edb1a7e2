"""``{% account_menu as entries %}``: the pages of „Mein Konto“ (civicportal/accounts/menu.py)."""

from django import template

from civicportal.accounts.menu import account_menu as build_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def account_menu(context) -> list:
    request = context.get("request")
    if request is None:
        return []
    return build_menu(request)
