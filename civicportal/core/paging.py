"""The portal's one pager: pages that never count a large result exactly.

A list counts at most ``cap + 1`` rows (``qs.order_by().values("pk")[:cap + 1].count()``)
and fetches one row more than a page to know whether a next page exists: two queries
whatever the size (one when the caller already has the capped count). Pages stop at the
cap, so OFFSET stays small: past 1,000 hits people refine their filters. A page number
past the end (an old link) shows the last page; anything that is not a number shows the
first.

``CappedPage`` offers what ``templates/includes/pagination.html`` uses, with the method
names of Django's ``Page`` (``has_next()``, ``next_page_number()``, …). Lists that get
their rows another way (the search's single SQL statement, the funded projects' keyset
per year) use ``page_number``, ``last_page`` and ``CappedPage.of`` with their own rows.
"""

from __future__ import annotations

from dataclasses import dataclass

CAP = 1000
MAX_PAGE = 10_000


def page_number(value, *, last: int | None = None) -> int:
    """The page asked for: 1 for anything that is not a positive number, at most
    ``last`` when known."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    number = max(1, min(number, MAX_PAGE))
    return min(number, last) if last is not None else number


def last_page(count: int, per_page: int, *, cap: int | None = CAP) -> int:
    """The last page of ``count`` rows (at least 1), counting no further than ``cap``."""
    if cap is not None:
        count = min(count, cap)
    return max(1, -(-count // per_page))


@dataclass
class CappedPage:
    object_list: list
    number: int
    per_page: int
    count: int  # the number of rows, at most the cap
    capped: bool  # more rows than the cap
    num_pages: int | None  # None when the list was not counted
    _has_next: bool

    @classmethod
    def of(
        cls, object_list: list, *, number: int, per_page: int, total: int, cap: int | None = CAP
    ) -> CappedPage:
        """A page of rows the caller fetched, of a list with ``total`` rows."""
        pages = last_page(total, per_page, cap=cap)
        return cls(
            object_list=object_list,
            number=number,
            per_page=per_page,
            count=min(total, cap) if cap is not None else total,
            capped=cap is not None and total > cap,
            num_pages=pages,
            _has_next=number < pages,
        )

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0


def capped_page(
    queryset,
    page,
    per_page: int,
    *,
    cap: int | None = None,
    count: bool = True,
    total: int | None = None,
) -> CappedPage:
    """One page of ``queryset`` plus a capped count (``count=False`` skips counting).

    ``total`` is a capped count (at most ``cap + 1``) the caller already has, e.g. from an
    annotation of the main query or a count without the page's annotations: then the page
    costs a single query."""
    cap = cap or CAP
    number = page_number(page)
    pages = None
    if count:
        if total is None:
            # only the key: no annotation (rank, flags) is computed for counted rows
            total = queryset.order_by().values("pk")[: cap + 1].count()
        pages = last_page(total, per_page, cap=cap)
        number = min(number, pages)
    else:
        total = 0
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CappedPage(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        count=min(total, cap),
        capped=total > cap,
        num_pages=pages,
        _has_next=len(rows) > per_page and (pages is None or number < pages),
    )
