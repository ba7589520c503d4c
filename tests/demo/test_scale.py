"""`samenkracht generate --scale` at a tiny fraction: proportions, determinism, synthetic names, refusal."""

import io

import pytest
from django.core.management import CommandError, call_command

from samenkracht.demo.scale import generate, volumes

pytestmark = pytest.mark.django_db


def _run(seed=1):
    return generate("small", seed=seed, fraction=0.01, stream=io.StringIO())


def test_small_fraction_has_expected_proportions_and_synthetic_names():
    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.plans.models import Household, Person, Plan

    result = _run()
    want = volumes("small", fraction=0.01)
    assert result["help_requests"] == want["help_requests"] == 430
    assert HelpRequest.objects.filter(reference__startswith="SYNGM9981-").count() == 430
    assert result["referrals"] in (0, want["referrals"])  # 0 only when the referrals model is absent
    assert result["households"] == want["households"]
    # reports.synthetic.referrals may add one household as the required origin of the referrals
    assert Household.objects.filter(municipality__code="GM9981").count() - want["households"] in (0, 1)
    assert Person.objects.filter(municipality__code="GM9981").count() == result["persons"] >= want["households"]
    assert Plan.objects.filter(municipality__code="GM9981").count() == result["plans"]
    # at most one active plan per household
    assert Plan.objects.values("household").distinct().count() == result["plans"]
    for person in Person.objects.filter(municipality__code="GM9981")[:50]:
        assert person.given_name.startswith("Inwoner ") and person.family_name == "Synthetisch"


def _snapshot():
    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.plans.models import Person

    first = list(HelpRequest.objects.order_by("reference").values_list("reference", "channel", "registered_at")[:5])
    names = list(Person.objects.order_by("id").values_list("date_of_birth", "role")[:5])
    return first, names


def _run_and_roll_back(seed):
    from django.db import transaction

    with transaction.atomic():
        result = _run(seed)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    return result, snapshot


def test_same_seed_gives_same_data():
    keys = ("help_requests", "referrals", "households", "persons", "plans")
    first, snap_a = _run_and_roll_back(1)
    second, snap_b = _run_and_roll_back(1)
    assert {k: first[k] for k in keys} == {k: second[k] for k in keys}
    assert snap_a == snap_b and snap_a[0]
    _other, snap_c = _run_and_roll_back(2)
    assert snap_c != snap_a


def test_second_run_refuses_clearly():
    call_command("generate", "--scale", "small", "--fraction", "0.005", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate", "--scale", "small", "--fraction", "0.005", stdout=io.StringIO(),
                     stderr=io.StringIO())
