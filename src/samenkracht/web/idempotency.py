"""Idempotent creation on the REST API: a client may send `Idempotency-Key: <unique text>` with a POST.

- The first request with a key runs as usual; its response is kept (encrypted) for
  IDEMPOTENCY_KEY_HOURS.
- The same key again with the same method, path and body gets that response back, marked with the header
  `Idempotency-Replayed: true`, and nothing is done twice — also when both arrive at the same moment.
- The same key with a different body or path: 422. The same key while the first is still running: 409 on
  PostgreSQL (an advisory lock per key); on SQLite writers queue, so the second waits and is replayed.
- The request's work and the kept response commit in one transaction; a 5xx response rolls both back, so
  the client may retry with the same key, and a worker killed halfway leaves nothing behind.

Keys belong to one credential (the bearer token), so two organisations can never see each other's replays.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from samenkracht.privacy.crypto import decrypt, encrypt
from samenkracht.web.models import IdempotencyRecord, IdempotencyState

HEADER = "Idempotency-Key"
API_PREFIX = "/api/"
MAX_KEY_LENGTH = 255
MAX_KEPT_BODY = 1_000_000


def _problem(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": [{"loc": ["header", HEADER], "msg": message, "type": "value_error"}]},
                        status=status)


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and all(33 <= ord(c) <= 126 for c in key)


def _credential_hash(request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return hashlib.sha256(credential.strip().encode("utf-8")).hexdigest()


def _request_hash(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.get_full_path().encode("utf-8") + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    body = decrypt(record.body) if record.body else ""
    response = HttpResponse(body, status=record.status_code, content_type=record.content_type or "application/json")
    response["Idempotency-Replayed"] = "true"
    return response


def _lock_id(credential: str, key: str) -> int:
    digest = hashlib.sha256(f"{credential}:{key}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _busy_elsewhere(credential: str, key: str) -> bool:
    """On PostgreSQL, another request with this key holds its lock right now. (On SQLite, write
    transactions queue anyway, so a second request waits for the first and is then replayed.)"""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_id(credential, key)])
        return not cursor.fetchone()[0]


class IdempotencyKeyMiddleware:
    """The keyed request and the record of its response commit in ONE transaction: if the worker dies or
    the database goes away halfway, both are gone and the client's retry runs afresh; no record can
    claim work that was not stored, and no stored work can lack its record."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if not _valid_key(key):
            return _problem(400, f"{HEADER} must be 1 to {MAX_KEY_LENGTH} visible ASCII characters.")
        credential = _credential_hash(request)
        if credential is None:
            return self.get_response(request)  # not authenticated: the API answers 401 itself
        request_hash = _request_hash(request)
        with transaction.atomic():
            if _busy_elsewhere(credential, key):
                return _problem(409, f"A request with this {HEADER} is still being processed; retry later.")
            now = timezone.now()
            expired = now - timedelta(hours=settings.IDEMPOTENCY_KEY_HOURS)
            IdempotencyRecord.objects.filter(credential_hash=credential, key=key, created_at__lt=expired).delete()
            record = IdempotencyRecord.objects.filter(credential_hash=credential, key=key).first()
            if record is not None:
                if record.request_hash != request_hash:
                    return _problem(422, f"This {HEADER} was used for a different request.")
                if record.state == IdempotencyState.IN_PROGRESS:
                    return _problem(409, f"A request with this {HEADER} is still being processed; retry later.")
                return _replay(record)
            response = self.get_response(request)
            if not self._keep(credential, key, request, request_hash, response, now):
                transaction.set_rollback(True)  # a server error stores nothing; the client may retry
        return response

    @staticmethod
    def _keep(credential, key, request, request_hash, response, now) -> bool:
        if response.status_code >= 500:
            return False
        content = None if getattr(response, "streaming", False) else response.content
        if content is None or len(content) > MAX_KEPT_BODY:
            return True  # kept work, but nothing to replay: a repeat runs again (documented limit)
        IdempotencyRecord.objects.create(
            credential_hash=credential, key=key, method=request.method, path=request.path[:500],
            request_hash=request_hash, state=IdempotencyState.DONE, status_code=response.status_code,
            content_type=response.get("Content-Type", "")[:100],
            body=encrypt(content.decode("utf-8", errors="replace")) if content else "",
            created_at=now, completed_at=timezone.now(),
        )
        return True
