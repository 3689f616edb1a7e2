"""Atom feeds of updates: all initiatives, and one per initiative."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Update
from initiatives.text import render_markdown

FEED_ITEMS = 30


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Neuigkeiten aus den Initiativen")
    subtitle = _("Neuigkeiten und Pressemitteilungen der Initiativen im Beteiligungsportal")

    def link(self):
        return reverse("initiatives:list")

    def items(self):
        return Update.objects.published().select_related("initiative")[:FEED_ITEMS]

    def item_title(self, item: Update) -> str:
        return f"{item.initiative.title}: {item.title}"

    def item_description(self, item: Update) -> str:
        return render_markdown(item.body) or item.subtitle

    def item_link(self, item: Update) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Update):
        return item.published_at

    def item_updateddate(self, item: Update):
        return item.published_at

    def item_categories(self, item: Update):
        return [item.get_kind_display()]


class InitiativeUpdatesFeed(UpdatesFeed):
    def get_object(self, request, slug: str) -> Initiative:
        return get_object_or_404(Initiative.objects.published(), slug=slug)

    def title(self, obj: Initiative) -> str:
        return str(_("Neuigkeiten: %(title)s") % {"title": obj.title})

    def subtitle(self, obj: Initiative) -> str:
        return obj.summary

    def link(self, obj: Initiative) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Initiative):
        return (
            Update.objects.published()
            .filter(initiative=obj)
            .select_related("initiative")[:FEED_ITEMS]
        )

    def item_title(self, item: Update) -> str:
        return item.title
