"""Fixtures of the rights tests: the privacy tests' `case` (a household in Zwolle with professionals in every
relation; Rita Regie of MEE coordinates its plan; Vera Vreemd of De Kern has no relation) and helpers."""

from __future__ import annotations

import re
import zlib

import pytest

from samenkracht.network.permissions import actor_for_user
from tests.privacy.conftest import Case, case  # noqa: F401 - the fixture is shared

__all__ = ["Case", "case", "actor", "pdf_text"]


def actor(user):
    if hasattr(user, "_samenkracht_actor"):
        del user._samenkracht_actor
    return actor_for_user(user)


def pdf_text(data: bytes) -> str:
    """The text drawn in a reportlab PDF (its content streams, decompressed)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\s*endstream", data, re.S):
        try:
            out.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            try:
                import base64

                body = stream.strip()
                body = body[:-2] if body.endswith(b"~>") else body
                out.append(zlib.decompress(base64.a85decode(body)).decode("latin-1"))
            except Exception:  # noqa: BLE001 - fonts and images are not text
                out.append(stream.decode("latin-1", "replace"))
    return "\n".join(out)


@pytest.fixture
def rita(case):
    return actor(case.coordinator_user)


@pytest.fixture
def vera(case):
    return actor(case.stranger)


@pytest.fixture
def person(case):
    return case.household.members.get()
