"""A BSN never reaches an error report (Django's ExceptionReporter with SafeExceptionReporterFilter, as mailed
to administrators), also when the crash happens deep inside hashing, encryption or BSN validation, where
the frames' own variables hold the value (sensitive_variables in privacy/crypto.py, privacy/fields.py and
plans/identity.py), on the web page and on the API route."""

from __future__ import annotations

import sys

import pytest
from django.core.signals import got_request_exception
from django.test import override_settings
from django.views.debug import ExceptionReporter

from samenkracht.plans import identity
from samenkracht.privacy import crypto
from tests.conftest import sign_in
from tests.frontdoor.conftest import INVALID_BSN, VALID_BSN, front, member, register, token_api  # noqa: F401
from tests.frontdoor.test_web import as_strings, detail, members_form


class Boom:
    def encode(self, *args):
        raise RuntimeError("hash key store went away")

    def encrypt(self, *args):
        raise RuntimeError("key store went away")

    def decrypt(self, token):
        return crypto._fernet(tuple(crypto.settings.FIELD_ENCRYPTION_KEYS)).decrypt(token)


def crash_in_hash(monkeypatch):
    return override_settings(FIELD_HASH_KEY=Boom()), VALID_BSN


def crash_in_encryption(monkeypatch):
    monkeypatch.setattr(crypto, "fernet", lambda: Boom())
    return override_settings(), VALID_BSN


def crash_in_validation(monkeypatch):
    def gettext(message):
        raise RuntimeError("translation catalogue went away")

    monkeypatch.setattr(identity, "gettext", gettext)
    return override_settings(), INVALID_BSN


CRASHES = {"hash": crash_in_hash, "encryption": crash_in_encryption, "validation": crash_in_validation}


def report_of(send) -> tuple[str, str]:
    caught = {}

    def remember(sender, request, **kwargs):
        caught["request"], caught["exc_info"] = request, sys.exc_info()

    got_request_exception.connect(remember)
    try:
        with pytest.raises(RuntimeError):
            send()
    finally:
        got_request_exception.disconnect(remember)
    report = ExceptionReporter(caught["request"], *caught["exc_info"])
    return report.get_traceback_text(), report.get_traceback_html()


@pytest.mark.parametrize("where", CRASHES)
def test_web_error_report_holds_no_bsn(client, front, monkeypatch, where):  # noqa: F811
    request = register(front)
    sign_in(client, front.wijkcoach)
    settings, bsn = CRASHES[where](monkeypatch)
    with settings:
        text, html = report_of(lambda: client.post(f"{detail(request)}huishouden/",
                                                   members_form(as_strings(member(bsn=bsn)))))
    assert "went away" in text
    assert bsn not in text and bsn not in html


@pytest.mark.parametrize("where", CRASHES)
def test_api_error_report_holds_no_bsn(client, front, monkeypatch, where):  # noqa: F811
    request = register(front)
    api = token_api(client, front)
    settings, bsn = CRASHES[where](monkeypatch)
    with settings:
        text, html = report_of(lambda: api.post(f"/frontdoor/requests/{request.pk}/household", {"members": [
            {"given_name": "Henk", "family_name": "Bakker", "bsn": bsn}]}))
    assert "went away" in text
    assert bsn not in text and bsn not in html
