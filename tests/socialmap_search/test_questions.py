"""The question set: realistic resident questions and the services each must return, on both databases.

The same expectations run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...), so passing on both
means both backends put the same service first and the same services in the top three.
"""

from __future__ import annotations

import pytest

from samenkracht.socialmap.search import SearchParams, search_services
from samenkracht.socialmap.thesaurus import LIFE_DOMAIN_CODES
from tests.socialmap_search.conftest import SERVICES, VISIBLE
from tests.socialmap_search.questions import QUESTIONS


def test_the_question_set_is_big_enough_and_names_real_services():
    assert len(QUESTIONS) >= 25
    assert len({q.label for q in QUESTIONS}) == len(QUESTIONS), "a question appears twice"
    for question in QUESTIONS:
        assert question.first in VISIBLE, question.label
        assert set(question.top3) <= set(VISIBLE), question.label
        assert len({question.first, *question.top3}) <= 3, question.label
    # Together the questions reach services of every life domain.
    reached = {code for q in QUESTIONS for key in (q.first, *q.top3) for code in SERVICES[key].domains}
    assert reached == set(LIFE_DOMAIN_CODES)


@pytest.fixture(scope="module")
def answers(django_db_setup, django_db_blocker):
    """Every question searched once against one social map (built and removed for this module)."""
    from django.db import transaction

    from tests.socialmap_search.conftest import build_social_map

    with django_db_blocker.unblock():
        with transaction.atomic():
            social_map = build_social_map()
            results = {
                q.label: social_map.keys(search_services(SearchParams(text=q.text, postcode=q.postcode, per_page=3)).items)
                for q in QUESTIONS
            }
            transaction.set_rollback(True)
    return results


@pytest.mark.parametrize("question", QUESTIONS, ids=[q.label for q in QUESTIONS])
def test_question_finds_the_right_services(answers, question):
    top3 = answers[question.label]
    assert top3[:1] == [question.first], f"{question.label!r}: first {top3[:1]}, expected {question.first}"
    missing = set(question.top3) - set(top3)
    assert not missing, f"{question.label!r}: {sorted(missing)} not in the top 3 {top3}"


def test_done_when_a_resident_finds_the_day_care_near_a_huizen_postcode_by_typing_vergeetachtig(social_map):
    result = search_services(SearchParams(text="vergeetachtig", postcode="1274 AB"))
    first = result.items[0]
    assert social_map.key_of(first) == "geheugentuin"
    assert first.name == "Dagbesteding De Geheugentuin"
    assert first.distance_km is not None and first.distance_km < 3
    assert result.origin is not None and result.notices == []
    assert "geestelijke-gezondheid" in result.life_domain_hints
    # The draft "Geheugentraining voor wie vergeetachtig wordt" would match even better, but is not public.
    assert "concept" not in social_map.keys(result.items)
