"""Full-text search expressions shared by the portal search and the apps' list filters."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQueryField
from django.db import models
from django.db.models import Func


class BoundQuery(Func):
    """The search query as an uncorrelated scalar subquery, ``(SELECT <tsquery>)``.

    PostgreSQL evaluates it once per statement (an InitPlan) and plans the match with a
    parameter instead of the constant. With the constant, the planner costs a prefix query
    (``'klima':*``) as a walk through the whole GIN entry tree and takes a frequent word's
    statistics at face value, and then reads the table sequentially (under the candidate
    LIMIT that looks cheaper). With the parameter it uses the GIN index (a bitmap index
    scan) for every kind, which reads only matching rows and stops at the cap.
    """

    template = "(SELECT %(expressions)s)"
    output_field = SearchQueryField()


class Match(Func):
    """``search_vector @@ query`` as a filter (the ``search_vector=`` lookup would wrap a
    bound query in another ``plainto_tsquery``)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()
