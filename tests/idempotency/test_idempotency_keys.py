"""Idempotency-Key on API writes: a replay creates nothing twice, also when replays race each other."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from samenkracht.network.models import Location
from samenkracht.web.models import IdempotencyRecord
from tests.api_helpers import API, api_with_token
from tests.plans.test_concurrency import in_thread, production_like_database

BODY = {"name": "Buurthuis De Enk", "street": "Enk", "house_number": "3", "postcode": "8031 AB", "city": "Zwolle",
        "municipality": "GM0193"}


@pytest.fixture
def write_api(client, network):
    return api_with_token(client, network.de_kern, "network:write")


def body(network, **changes):
    return {**BODY, "organisations": [network.de_kern.pk], **changes}


def post(api, payload, key):
    return api.client.post(API + "/locations", data=json.dumps(payload), content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY=key, **api.headers)


def test_a_replayed_post_returns_the_first_response_and_creates_nothing_more(write_api, network):
    first = post(write_api, body(network), "create-enk-1")
    again = post(write_api, body(network), "create-enk-1")
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json()
    assert again["Idempotency-Replayed"] == "true" and "Idempotency-Replayed" not in first
    assert Location.objects.filter(name="Buurthuis De Enk").count() == 1


def test_without_a_key_every_post_counts(write_api, network):
    write_api.post("/locations", body(network))
    write_api.post("/locations", body(network, name="Buurthuis De Enk 2"))
    assert Location.objects.filter(name__startswith="Buurthuis De Enk").count() == 2


def test_the_same_key_with_a_different_body_is_refused_and_changes_nothing(write_api, network):
    post(write_api, body(network), "create-enk-2")
    response = post(write_api, body(network, name="Iets anders"), "create-enk-2")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert not Location.objects.filter(name="Iets anders").exists()


def test_a_key_still_in_progress_gets_409(write_api, network):
    payload = body(network)
    post(write_api, payload, "create-enk-3")
    IdempotencyRecord.objects.filter(key="create-enk-3").update(state="in_progress")
    response = post(write_api, payload, "create-enk-3")
    assert response.status_code == 409
    assert Location.objects.filter(name="Buurthuis De Enk").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_key_being_processed_by_another_request_gets_409_on_postgresql(network, tmp_path):
    """Another request holds the key's lock (as a request that is still running does): 409, nothing stored."""
    from django.db import connection
    from django.test import Client

    from samenkracht.accounts.tokens import issue_token
    from samenkracht.web.idempotency import _credential_hash, _lock_id

    if connection.vendor != "postgresql":
        pytest.skip("SQLite queues writers: a second request waits for the first and is replayed (tested below)")
    _token, raw = issue_token(organisation=network.de_kern, name="busy", scopes=["network:write"])
    holding, release = threading.Event(), threading.Event()

    class Request:
        headers = {"Authorization": f"Bearer {raw}"}

    def hold_the_lock():
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_id(_credential_hash(Request), "busy-key")])
            holding.set()
            release.wait(30)
        connections.close_all()

    thread = threading.Thread(target=hold_the_lock)
    thread.start()
    try:
        assert holding.wait(30)
        response = Client().post(API + "/locations", data=json.dumps(body(network)), content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IDEMPOTENCY_KEY="busy-key")
    finally:
        release.set()
        thread.join()
    assert response.status_code == 409, response.content
    assert not Location.objects.filter(name="Buurthuis De Enk").exists()
    assert not IdempotencyRecord.objects.exists()


def test_a_server_error_keeps_nothing_so_the_retry_runs_again(write_api, network, monkeypatch):
    from samenkracht.network import services

    original = services.create_location

    def fail_after_saving(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("the worker fell over after saving")

    monkeypatch.setattr(services, "create_location", fail_after_saving)
    write_api.client.raise_request_exception = False
    failed = post(write_api, body(network), "fails-once")
    assert failed.status_code == 500
    assert not Location.objects.filter(name="Buurthuis De Enk").exists(), "the half-done work was rolled back"
    assert not IdempotencyRecord.objects.filter(key="fails-once").exists()
    monkeypatch.setattr(services, "create_location", original)
    retried = post(write_api, body(network), "fails-once")
    assert retried.status_code == 201 and "Idempotency-Replayed" not in retried
    assert Location.objects.filter(name="Buurthuis De Enk").count() == 1


def test_keys_belong_to_one_credential(client, write_api, network):
    other = api_with_token(client, network.de_kern, "network:write", name="tweede koppeling")
    post(write_api, body(network), "shared-key")
    response = post(other, body(network, name="Buurthuis De Enk B"), "shared-key")
    assert response.status_code == 201 and "Idempotency-Replayed" not in response


def test_a_refused_request_is_replayed_as_refused(write_api, network):
    bad = body(network, postcode="0000 XX")
    first = post(write_api, bad, "bad-postcode")
    again = post(write_api, bad, "bad-postcode")
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json()
    assert not Location.objects.filter(name="Buurthuis De Enk").exists()


def test_an_expired_key_may_be_used_again(write_api, network):
    post(write_api, body(network), "old-key")
    IdempotencyRecord.objects.filter(key="old-key").update(created_at=timezone.now() - timedelta(days=2))
    response = post(write_api, body(network, name="Buurthuis De Enk C"), "old-key")
    assert response.status_code == 201 and "Idempotency-Replayed" not in response


@pytest.mark.parametrize("key", ["", "x" * 256, "met spatie", "ümlaut"])
def test_an_unusable_key_is_refused(write_api, network, key):
    response = post(write_api, body(network), key)
    assert response.status_code == 400
    assert not Location.objects.exists()


def test_the_kept_response_is_encrypted_at_rest(write_api, network):
    post(write_api, body(network), "secret-check")
    record = IdempotencyRecord.objects.get(key="secret-check")
    assert record.state == "done" and record.status_code == 201
    assert "Buurthuis" not in record.body


@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_create_exactly_one_resource(network, tmp_path):
    """Eight clients send the same keyed POST at the same moment, each on its own connection (on SQLite a
    file copy of the test database in WAL mode, as in production): one location, never two."""
    from django.test import Client

    from samenkracht.accounts.tokens import issue_token

    _token, raw = issue_token(organisation=network.de_kern, name="race", scopes=["network:write"])
    payload = json.dumps(body(network))
    clients = 8
    barrier = threading.Barrier(clients)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def send():
        try:
            barrier.wait()
            response = Client().post(API + "/locations", data=payload, content_type="application/json",
                                     HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_IDEMPOTENCY_KEY="race-key")
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    with production_like_database(tmp_path):
        threads = [threading.Thread(target=send) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stored = in_thread(lambda: Location.objects.filter(name="Buurthuis De Enk").count())
    statuses = sorted(status for status, _ in results)
    assert len(results) == clients, "every client got an answer"
    assert set(statuses) <= {201, 409}, statuses
    assert stored == 1
    ids = {answer["id"] for status, answer in results if status == 201}
    assert len(ids) == 1, "every success names the one location"
