"""Synthetic work for reports: help requests, triages, referrals and volunteer hours, bulk-inserted.

Used by the demo ("a year of synthetic work so every report has content") and by bench/report_load.py. Rows
are deterministic (seeded), carry a reference prefix of their own (`SYN-`), contain no names and only one
generic sentence as the question. Only models are used: referrals and volunteer hours are added when
those apps have built their models.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from samenkracht.reports.compute import first_field, has_field, model

QUESTION = "Synthetische hulpvraag voor de rapportages."
CHANNEL_WEIGHTS = [("walk_in", 28), ("phone", 34), ("email", 12), ("online_form", 18), ("signal", 8)]
OUTCOME_WEIGHTS = [("advice", 38), ("open_access", 27), ("plan", 22), ("tailored", 11), ("crisis", 2)]
REFERRAL_STATUSES = ("completed", "accepted", "sent", "rejected")


@dataclass
class Context:
    municipality: object
    teams: list
    neighbourhoods: list
    organisations: list
    users: list  # at least two professionals (triage pairs); their ids are stored, nothing else
    domains: list[str]


def _weighted(rng: random.Random, weights):
    values, w = zip(*weights)
    return rng.choices(values, weights=w)[0]


def _aware(day: date, rng: random.Random) -> datetime:
    moment = datetime.combine(day, time(8, 0)) + timedelta(minutes=rng.randrange(0, 9 * 60))
    return timezone.make_aware(moment)


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def help_requests(ctx: Context, *, count: int, start: date, days: int, seed: int, prefix: str,
                  batch_size: int = 5000, progress: Callable[[str, int], None] | None = None,
                  with_domains: bool = True) -> int:
    """Bulk-create `count` help requests spread over `days` from `start`, about 85% triaged.

    References are `<prefix>-<n>`; creating again with the same prefix skips existing references, so the
    function is idempotent for a given prefix."""
    from samenkracht.frontdoor.models import HelpRequest, Triage

    rng = random.Random(seed)
    crypto_question = QUESTION
    existing = set(HelpRequest.objects.filter(reference__startswith=f"{prefix}-").values_list("reference", flat=True))
    through = HelpRequest.life_domains.through
    made = 0
    pairs = [(a, b) for a in ctx.users for b in ctx.users if a[0] != b[0] and a[1] != b[1]] or None

    def rows():
        for index in range(count):
            reference = f"{prefix}-{index}"
            day = start + timedelta(days=rng.randrange(days))
            registered = _aware(day, rng)
            channel = _weighted(rng, CHANNEL_WEIGHTS)
            triaged = rng.random() < 0.85
            lag = rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 7, 9, 12])
            outcome = _weighted(rng, OUTCOME_WEIGHTS)
            domain = rng.choice(ctx.domains) if ctx.domains else None
            if reference in existing:
                continue
            yield (reference, registered, channel, triaged, lag, outcome, domain)

    for batch in _batches(rows(), batch_size):
        with transaction.atomic():
            requests = [HelpRequest(
                reference=ref, municipality=ctx.municipality, team=rng.choice(ctx.teams), channel=channel,
                signal_source="professional" if channel == "signal" else "", question=crypto_question,
                neighbourhood=rng.choice(ctx.neighbourhoods) if ctx.neighbourhoods else None,
                status="closed" if triaged else "new", registered_at=registered,
                registered_organisation=rng.choice(ctx.organisations), triage_due_at=registered + timedelta(days=10),
            ) for ref, registered, channel, triaged, *_rest in batch]
            HelpRequest.objects.bulk_create(requests, batch_size=batch_size)
            if not requests[0].pk:  # backends without RETURNING: look the ids up by reference
                ids = dict(HelpRequest.objects.filter(reference__in=[r.reference for r in requests])
                           .values_list("reference", "id"))
                for r in requests:
                    r.pk = r.id = ids[r.reference]
            triages, links = [], []
            for request, (_ref, registered, _channel, triaged, lag, outcome, domain) in zip(requests, batch):
                if domain and with_domains:
                    links.append(through(helprequest_id=request.pk, lifedomain_id=domain))
                if not triaged or not pairs:
                    continue
                (user_a, org_a), (user_b, org_b) = rng.choice(pairs)
                triages.append(Triage(
                    help_request_id=request.pk, municipality=ctx.municipality, professional_a_id=user_a,
                    organisation_a_id=org_a, professional_b_id=user_b, organisation_b_id=org_b,
                    held_at=registered + timedelta(days=lag, hours=rng.randrange(0, 4)), outcome=outcome,
                    law="wmo" if outcome == "tailored" else "",
                ))
            Triage.objects.bulk_create(triages, batch_size=batch_size)
            through.objects.bulk_create(links, batch_size=batch_size)
        made += len(requests)
        if progress:
            progress("help requests", made)
    return made


def referral_model():
    referral = model("referrals.Referral")
    if referral is None or not all(has_field(referral, f) for f in ("municipality", "sent_at")):
        return None
    return referral


def referrals(ctx: Context, *, count: int, start: date, days: int, seed: int, marker: str,
              batch_size: int = 10000, progress: Callable[[str, int], None] | None = None) -> int:
    """Bulk-create `count` referrals between the context's organisations (None when the model is missing).

    Not idempotent by itself: the callers add referrals only together with new help requests."""
    referral = referral_model()
    if referral is None:
        return 0
    sender = first_field(referral, "sender_organisation", "from_organisation")
    receiver = first_field(referral, "receiving_organisation", "receiver_organisation", "to_organisation")
    if not sender or not receiver:
        return 0
    rng = random.Random(seed)
    required = _required_defaults(referral, ctx)
    made = 0

    def rows():
        for _index in range(count):
            sent = _aware(start + timedelta(days=rng.randrange(days)), rng)
            a, b = rng.sample(ctx.organisations, 2) if len(ctx.organisations) > 1 else (ctx.organisations[0],) * 2
            status = rng.choices(REFERRAL_STATUSES, weights=[55, 20, 15, 10])[0]
            values = {"municipality": ctx.municipality, sender: a, receiver: b, "sent_at": sent, **required}
            if has_field(referral, "status"):
                values["status"] = status
            if has_field(referral, "target_kind") and has_field(referral, "target_organisation"):
                values["target_kind"], values["target_organisation"] = "organisation", b
            if status == "rejected" and has_field(referral, "rejected_at"):
                values["rejected_at"] = sent + timedelta(days=rng.randrange(1, 6))
            if status in ("accepted", "completed") and has_field(referral, "accepted_at"):
                values["accepted_at"] = sent + timedelta(days=rng.choice([0, 1, 2, 3, 5, 6, 8, 12]), hours=2)
            if status == "completed" and has_field(referral, "completed_at"):
                completed = values.get("accepted_at", sent) + timedelta(days=rng.randrange(5, 60))
                values["completed_at"] = completed
                if has_field(referral, "sender_seen_outcome_at") and rng.random() < 0.7:
                    values["sender_seen_outcome_at"] = completed + timedelta(days=rng.randrange(0, 6))
            yield referral(**values)

    for batch in _batches(rows(), batch_size):
        referral.objects.bulk_create(batch, batch_size=batch_size)
        made += len(batch)
        if progress:
            progress("referrals", made)
    return made


def _required_defaults(model_class, ctx: Context) -> dict:
    """Values for required fields the generator does not know about (text fields, the first user)."""
    values = {}
    if has_field(model_class, "triage") and has_field(model_class, "action"):  # one origin: a triage
        from samenkracht.frontdoor.models import Triage

        values["triage_id"] = Triage.objects.filter(municipality=ctx.municipality).values_list("id", flat=True).first()
    known = {"triage", "action", "target_kind", "target_organisation", "id", "municipality", "sent_at", "status",
             "accepted_at", "completed_at", "sender_seen_outcome_at", "rejected_at",
             "sender_organisation", "receiving_organisation", "receiver_organisation", "to_organisation",
             "from_organisation"}
    for f in model_class._meta.concrete_fields:
        if f.name in known or f.null or f.has_default() or getattr(f, "auto_now", False) \
                or getattr(f, "auto_now_add", False) or f.primary_key:
            continue
        if f.is_relation:
            target = f.related_model
            if target._meta.label == "accounts.User":
                values[f.name + "_id"] = ctx.users[0][0]
            elif target._meta.label == "network.Organisation":
                values[f.name] = ctx.organisations[0]
            elif target._meta.label == "network.Team":
                values[f.name] = ctx.teams[0]
            elif target._meta.label == "plans.Household":
                from samenkracht.plans.models import Household

                values[f.name] = Household.objects.filter(municipality=ctx.municipality).order_by("id").first() \
                    or Household.objects.create(municipality=ctx.municipality)
        elif f.get_internal_type() in ("CharField", "TextField"):
            values[f.name] = f.choices[0][0] if f.choices else "synthetisch"
    return values


def volunteer_hours(ctx: Context, *, start: date, days: int, seed: int, volunteers: int = 30) -> int:
    """Synthetic volunteers (generated first names only) matched to referrals of the context's municipality,
    with hours; only when the volunteers app has matches and hours. Idempotent: a second run adds nothing."""
    pool_model, volunteer_model = model("volunteers.VolunteerPool"), model("volunteers.Volunteer")
    match_model, hours_model = model("volunteers.VolunteerMatch"), model("volunteers.HoursEntry")
    referral = referral_model()
    if not (pool_model and volunteer_model and match_model and hours_model and referral):
        return 0
    organisation = ctx.organisations[0]
    pool, _created = pool_model.objects.get_or_create(
        organisation=organisation, municipality=ctx.municipality, name="Synthetische vrijwilligerspool",
        defaults={"kind": pool_model._meta.get_field("kind").choices[0][0]})
    if hours_model.objects.filter(match__volunteer__pool=pool).exists():
        return 0
    referral_ids = list(referral.objects.filter(municipality=ctx.municipality).order_by("id")
                        .values_list("id", flat=True)[:volunteers])
    if not referral_ids:
        return 0
    rng = random.Random(seed)
    entries = []
    for index, referral_id in enumerate(referral_ids):
        volunteer = volunteer_model.objects.create(
            pool=pool, municipality=ctx.municipality, given_name=f"Vrijwilliger {index + 1}",
            family_name="Synthetisch", status="active")
        match = match_model.objects.create(referral_id=referral_id, volunteer=volunteer,
                                           municipality=ctx.municipality, started_on=start)
        for _week in range(rng.randrange(4, 30)):
            entries.append(hours_model(match=match, municipality=ctx.municipality, hours=rng.choice([1, 2, 2, 3, 4]),
                                       date=start + timedelta(days=rng.randrange(days))))
    hours_model.objects.bulk_create(entries, batch_size=5000)
    return len(entries)
