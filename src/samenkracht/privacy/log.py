"""Writing to and verifying the access log. Every read and write of resident data calls `record`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from samenkracht.privacy.models import AccessLogChainHead, AccessLogEntry, Outcome

GENESIS = "0" * 64


def _digest(fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _actor_fields(actor, organisation=None) -> dict:
    """Who acted, as ids and labels only. Works for PersonActor, TokenActor and SystemActor."""
    user = getattr(actor, "user", None) or getattr(actor, "on_behalf_of_user", None)
    token = getattr(actor, "token", None)
    fields = {
        "user_id_value": getattr(user, "pk", None),
        "user_label": (getattr(user, "email", "") or "")[:200] if user else "",
        "organisation_id_value": getattr(organisation, "pk", None),
        "organisation_label": (getattr(organisation, "name", "") or "")[:200],
        "role": getattr(actor, "acting_role", "") or "",
        "on_behalf_of": "",
        "source": getattr(actor, "source", "web"),
    }
    if token is not None:
        fields["on_behalf_of"] = fields["user_label"]
        fields["user_label"] = f"token {token.prefix}"[:200]
        if fields["organisation_id_value"] is None:
            fields["organisation_id_value"] = getattr(actor, "organisation_id", None)
    if user is None and token is None:
        fields["user_label"] = getattr(actor, "label", "system")
    return fields


def record(
    actor,
    *,
    event: str,
    subject_type: str,
    subject_id,
    municipality_id: int | None,
    purpose: str = "",
    outcome: str = Outcome.ALLOWED,
    organisation=None,
    detail: str = "",
) -> AccessLogEntry:
    """Append one entry to the municipality's chain. Runs in its own savepoint; commits with the caller.

    A denied access is recorded too; callers that raise PermissionDenied afterwards must call
    `record_denied` (which commits the entry independently of the failing request).
    """
    chain = municipality_id or 0
    with transaction.atomic():
        head = AccessLogChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:
            AccessLogChainHead.objects.get_or_create(chain=chain, defaults={"last_hash": GENESIS})
            head = AccessLogChainHead.objects.select_for_update().get(chain=chain)
        entry = AccessLogEntry(
            chain=chain, sequence=head.last_sequence + 1, event=event, outcome=outcome,
            subject_type=subject_type, subject_id=str(subject_id), municipality_id_value=municipality_id,
            purpose=purpose[:300], detail=detail[:300], previous_hash=head.last_hash,
            **_actor_fields(actor, organisation),
        )
        entry.entry_hash = _digest(entry.hash_fields())
        entry.save()
        head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return entry


def record_denied(actor, **kwargs) -> AccessLogEntry:
    """Record a refused access. Call it outside any transaction that will roll back with the refusal
    (the access policy checks before a use case opens its transaction), so the entry is kept."""
    kwargs["outcome"] = Outcome.DENIED
    return record(actor, **kwargs)


@dataclass
class ChainProblem:
    chain: int
    sequence: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"chain {self.chain}, entry {self.sequence} (id {self.entry_id}): {self.reason}"


def verify(batch_size: int = 5000) -> tuple[int, list[ChainProblem]]:
    """Recompute every chain; return (entries checked, problems). Detects edits, insertions and deletions."""
    problems: list[ChainProblem] = []
    checked = 0
    heads = {h.chain: h for h in AccessLogChainHead.objects.all()}
    chains = set(heads) | set(AccessLogEntry.objects.values_list("chain", flat=True).distinct())
    for chain in sorted(chains):
        expected_previous, expected_sequence = GENESIS, 1
        entries = AccessLogEntry.objects.filter(chain=chain).order_by("sequence").iterator(chunk_size=batch_size)
        for entry in entries:
            checked += 1
            if entry.sequence != expected_sequence:
                problems.append(ChainProblem(chain, expected_sequence, None,
                                             f"missing entries {expected_sequence}..{entry.sequence - 1}"))
            if entry.previous_hash != expected_previous:
                problems.append(ChainProblem(chain, entry.sequence, entry.pk, "does not follow the previous entry"))
            if _digest(entry.hash_fields()) != entry.entry_hash:
                problems.append(ChainProblem(chain, entry.sequence, entry.pk, "content was changed"))
            expected_previous, expected_sequence = entry.entry_hash, entry.sequence + 1
        head = heads.get(chain)
        if head is not None and (head.last_sequence != expected_sequence - 1 or head.last_hash != expected_previous):
            problems.append(ChainProblem(chain, head.last_sequence, None, "newest entries are missing"))
    return checked, problems
