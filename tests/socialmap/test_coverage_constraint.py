"""A service covers a whole municipality, or one neighbourhood, at most once — on SQLite and PostgreSQL.

The constraint used to be one UniqueConstraint with nulls_distinct=False, which SQLite ignores (system
check W047); it is now two constraints (the second a partial unique index on rows without a
neighbourhood) that both databases enforce. Migration socialmap 0005_coverage_unique_portable.
"""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samenkracht.socialmap.models import ServiceCoverage
from tests.socialmap.helpers import make_service


@pytest.fixture
def service(network):
    return make_service(network.de_kern, municipalities=[network.zwolle])


def test_the_whole_municipality_twice_is_refused_by_the_database(service, network):
    assert ServiceCoverage.objects.filter(service=service, municipality=network.zwolle,
                                          neighbourhood__isnull=True).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceCoverage.objects.create(service=service, municipality=network.zwolle)
    assert ServiceCoverage.objects.filter(service=service).count() == 1


def test_one_neighbourhood_twice_is_refused_by_the_database(service, network):
    ServiceCoverage.objects.create(service=service, municipality=network.zwolle, neighbourhood=network.stadshagen)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceCoverage.objects.create(service=service, municipality=network.zwolle,
                                       neighbourhood=network.stadshagen)
    assert ServiceCoverage.objects.filter(service=service).count() == 2


def test_bulk_inserted_duplicates_are_refused_too(service, network):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceCoverage.objects.bulk_create([ServiceCoverage(service=service, municipality=network.kampen),
                                             ServiceCoverage(service=service, municipality=network.kampen)])
    assert ServiceCoverage.objects.filter(service=service).count() == 1


def test_a_duplicate_gets_a_clear_message_from_validation(service, network):
    duplicate = ServiceCoverage(service=service, municipality=network.zwolle)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Deze dienst heeft dit gebied al." in str(error.value)   # Dutch UI (LANGUAGE_CODE nl)


def test_different_areas_of_one_service_are_allowed(service, network):
    ServiceCoverage.objects.create(service=service, municipality=network.zwolle, neighbourhood=network.stadshagen)
    ServiceCoverage.objects.create(service=service, municipality=network.kampen)
    other = make_service(network.de_kern, name="Andere dienst", municipalities=[network.zwolle])
    assert ServiceCoverage.objects.filter(service=other, municipality=network.zwolle).count() == 1
    assert ServiceCoverage.objects.filter(service=service).count() == 3


def test_no_system_check_warning_about_the_constraint(db):
    messages = [m for m in checks.run_checks(tags=[checks.Tags.models]) if m.id == "models.W047"]
    assert messages == []
