from __future__ import annotations

import pytest

from samenkracht.network.permissions import actor_for_user
from tests.agreements.factories import World, build_world


@pytest.fixture
def world(network) -> World:
    return build_world(network)


def actor(user):
    """The actor of a signed-in person, recomputed so membership changes in a test are seen."""
    for name in ("_samenkracht_actor",):
        if hasattr(user, name):
            delattr(user, name)
    return actor_for_user(user)
