"""Fixtures of the plans tests: the `case` of the privacy tests (a household in Zwolle with professionals in
every relation, and one without), its plan, and helpers to act as one of them."""

from __future__ import annotations

import pytest

from samenkracht.network.permissions import actor_for_user
from tests.privacy.conftest import Case, case  # noqa: F401 - the fixture is shared

__all__ = ["Case", "case", "actor"]


def actor(user):
    """The actor of a signed-in person (recomputed, so role changes in a test are seen)."""
    if hasattr(user, "_samenkracht_actor"):
        del user._samenkracht_actor
    return actor_for_user(user)


@pytest.fixture
def plan(case):
    return case.household.plans.get()


@pytest.fixture
def coordinator(case):
    """The plan's coordinator (Rita Regie, MEE IJsseloevers) as actor."""
    return actor(case.coordinator_user)
