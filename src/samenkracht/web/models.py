"""Platform-wide records that belong to no single app: idempotency keys of API writes."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress"
    DONE = "done"


class IdempotencyRecord(models.Model):
    """One `Idempotency-Key` of one API credential, and the response it got (encrypted: it may hold
    resident data). Replays return that response; records expire after settings.IDEMPOTENCY_KEY_HOURS."""

    credential_hash = models.CharField(max_length=64)
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=12, choices=IdempotencyState.choices, default=IdempotencyState.IN_PROGRESS)
    status_code = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)  # Fernet token of the response body
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credential_hash", "key"], name="one_record_per_key")]
