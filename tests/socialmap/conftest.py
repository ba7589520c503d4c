"""Fixtures of the social map tests (the network and personas come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from samenkracht.demo.loader import build_demo_network
from samenkracht.demo.socialmap_loader import build_demo_social_map


@pytest.fixture
def demo(db):
    """The demo network with the demo sociale kaart (about forty services from the articles)."""
    build_demo_network()
    return build_demo_social_map()
