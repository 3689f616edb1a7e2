import pytest

from civicportal.core.paging import CappedPage, capped_page, last_page, page_number
from initiatives.models import Initiative
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_capped_page_counts_and_pages(chemnitz):
    InitiativeFactory.create_batch(5, municipality=chemnitz)
    queryset = Initiative.objects.order_by("pk")

    first = capped_page(queryset, "1", 2)
    last = capped_page(queryset, "3", 2)

    assert (first.count, first.capped, first.has_next(), first.has_previous()) == (
        5,
        False,
        True,
        False,
    )
    assert first.object_list == list(queryset[:2])
    assert (len(last.object_list), last.has_next(), last.has_previous()) == (1, False, True)


def test_capped_page_stops_at_the_cap(chemnitz):
    InitiativeFactory.create_batch(7, municipality=chemnitz)
    queryset = Initiative.objects.order_by("pk")

    page = capped_page(queryset, "99", 2, cap=4)

    assert (page.count, page.capped, page.number, page.has_next()) == (4, True, 2, False)


def test_capped_page_with_a_known_total_costs_one_query(chemnitz, django_assert_num_queries):
    InitiativeFactory.create_batch(3, municipality=chemnitz)
    queryset = Initiative.objects.order_by("pk")

    with django_assert_num_queries(1):
        page = capped_page(queryset, "2", 2, total=3)

    assert (page.number, len(page.object_list), page.has_next()) == (2, 1, False)


def test_uncounted_page_looks_one_row_ahead(chemnitz):
    InitiativeFactory.create_batch(3, municipality=chemnitz)

    page = capped_page(Initiative.objects.order_by("pk"), "1", 2, count=False)

    assert (page.has_next(), page.num_pages, page.count) == (True, None, 0)


@pytest.mark.parametrize("value", ["abc", "-3", "0", None, "1.5"])
def test_capped_page_treats_bad_numbers_as_first_page(chemnitz, value):
    InitiativeFactory.create_batch(3, municipality=chemnitz)

    page = capped_page(Initiative.objects.order_by("pk"), value, 2)

    assert page.number == 1


def test_page_helpers_for_lists_with_their_own_rows():
    assert page_number("7", last=3) == 3
    assert page_number("x", last=3) == 1
    assert last_page(0, 20) == 1
    assert last_page(41, 20) == 3
    assert last_page(5000, 20) == 50  # counted no further than the cap
    assert last_page(5000, 20, cap=None) == 250

    page = CappedPage.of(["a"], number=2, per_page=20, total=1001, cap=1000)

    assert (page.count, page.capped, page.num_pages, page.has_next()) == (1000, True, 50, True)
    assert page.start_index == 21
