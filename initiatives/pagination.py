"""A pager that never counts a large result exactly.

It counts at most ``cap + 1`` rows (``qs.order_by()[:cap + 1].count()``) and fetches one
row more than a page to know whether a next page exists: two queries whatever the size.
Pages stop at the cap, so OFFSET stays small.
The interface matches what ``templates/includes/pagination.html`` uses.
"""

from __future__ import annotations

from dataclasses import dataclass

CAP = 1000


@dataclass
class CappedPage:
    object_list: list
    number: int
    per_page: int
    count: int
    capped: bool
    _has_next: bool

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


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 10_000))


def capped_page(
    queryset,
    page,
    per_page: int,
    *,
    cap: int | None = None,
    count: bool = True,
    total: int | None = None,
):
    """One page of ``queryset`` plus a capped count (``count=False`` skips counting).

    ``total`` is a capped count (at most ``cap + 1``) the caller already has, e.g. from an
    annotation of the main query: then the page costs a single query."""
    cap = cap or CAP
    number = _page_number(page)
    last = None
    if count:
        if total is None:
            # only the key: no annotation (rank, flags) is computed for counted rows
            total = queryset.order_by().values("pk")[: cap + 1].count()
        capped = total > cap
        # Pages end at the cap, which bounds OFFSET: past 1,000 hits people refine filters.
        last = max(1, -(-min(total, cap) // per_page))
        number = min(number, last)
    else:
        total, capped = 0, False
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return CappedPage(
        object_list=rows[:per_page],
        number=number,
        per_page=per_page,
        count=min(total, cap),
        capped=capped,
        _has_next=len(rows) > per_page and (last is None or number < last),
    )
