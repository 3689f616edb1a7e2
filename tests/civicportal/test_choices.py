"""The one loader of filter choices (civicportal.core.choices)."""

import pytest

from civicportal.core.choices import Other, load_choices
from volunteering.models import Skill

pytestmark = pytest.mark.django_db


def test_all_lists_and_an_apps_own_list_in_one_query(chemnitz, django_assert_num_queries):
    Skill.objects.create(name="Zuhören", slug="zuhoeren")
    Skill.objects.create(name="Backen", slug="backen")

    with django_assert_num_queries(1):
        choices = load_choices(
            districts=True,
            municipality=chemnitz.slug,
            others={
                "skills": Other(Skill.objects.all()),
                "years": Other(Skill.objects.all(), key="id", name="id", newest_first=True),
            },
        )

    assert chemnitz.slug in choices.municipality_ids()
    assert choices.other_choices("skills")[:2] == [("backen", "Backen"), ("zuhoeren", "Zuhören")]
    assert choices.other_ids("skills")["backen"] == Skill.objects.get(slug="backen").pk
    keys = [key for key, _name in choices.other_choices("years")]
    assert keys == sorted(set(keys), reverse=True)
    assert all(d.municipality.pk == chemnitz.pk for d in choices.districts)


def test_an_empty_list_is_there_and_empty():
    choices = load_choices(
        municipalities=False, themes=False, others={"skills": Other(Skill.objects.none())}
    )

    assert choices.other_choices("skills") == []
    assert choices.other_choices("unknown") == []
