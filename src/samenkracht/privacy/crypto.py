"""Encryption of sensitive fields at rest, and keyed hashes for looking them up.

- Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the `cryptography` package) under
  a list of keys: the first encrypts, all decrypt (MultiFernet), so keys can be rotated:
  add a new key in front, run `samenkracht rotate_field_keys`, then drop the old key.
- A keyed hash (HMAC-SHA256 with a separate secret) of a normalised value allows exact lookup, e.g. of
  a BSN, without storing or comparing the value itself.

Keys come from settings (SAMENKRACHT_FIELD_KEYS, SAMENKRACHT_HASH_KEY; see docs/configuration.md).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.debug import sensitive_variables


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"SAMENKRACHT_FIELD_KEYS holds an invalid Fernet key: {error}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


@sensitive_variables("value")
def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any key in SAMENKRACHT_FIELD_KEYS (key removed too early?)."
        ) from None


def rotate(token: str) -> str:
    """Re-encrypt under the current (first) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


@sensitive_variables("value", "key")
def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value; `purpose` separates hash spaces (bsn, name+birth date)."""
    key = settings.FIELD_HASH_KEY.encode("utf-8")
    return hmac.new(key, f"{purpose}:{value}".encode("utf-8"), hashlib.sha256).hexdigest()


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")
