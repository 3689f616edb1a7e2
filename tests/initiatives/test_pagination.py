import pytest

from initiatives.models import Initiative
from initiatives.pagination import capped_page
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
    assert (len(last.object_list), last.has_next(), last.has_previous()) == (1, False, True)


def test_capped_page_stops_at_the_cap(chemnitz):
    InitiativeFactory.create_batch(7, municipality=chemnitz)
    queryset = Initiative.objects.order_by("pk")

    page = capped_page(queryset, "99", 2, cap=4)

    assert (page.count, page.capped, page.number, page.has_next()) == (4, True, 2, False)


@pytest.mark.parametrize("value", ["abc", "-3", "0", None])
def test_capped_page_treats_bad_numbers_as_first_page(chemnitz, value):
    InitiativeFactory.create_batch(3, municipality=chemnitz)

    page = capped_page(Initiative.objects.order_by("pk"), value, 2)

    assert page.number == 1
