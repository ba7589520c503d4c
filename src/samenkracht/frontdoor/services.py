"""Every write of the front door: one function per use case, one transaction each.

Each function checks the actor through the access policy first (deny by default; a refusal is written to
the access log before anything else happens), validates everything with the models' own rules plus the
use case's, saves nothing when anything is wrong, and writes an access-log entry for each create and
update of resident data. Views, API routes and commands call these; none of them saves front-door or
household rows themselves.

Use cases:

- ``register_help_request``      a professional registers a request at a team they are a member of
- ``submit_public_request``      a resident uses the public online form (no account; rate limited)
- ``find_duplicates``            households in the municipality with the same BSN or name + birth date
- ``register_household_for_request``  a new household with its members, after the duplicate check
- ``link_household``             link the request to a household found by the duplicate check instead
- ``record_triage``              two professionals of different organisations assess a request together

BSN: validated with the 11-test, encrypted at rest, looked up by keyed hash only. It is never part of an
error message, a log line or the access log (the functions that handle it hide their local variables from
error reports with ``sensitive_variables``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from samenkracht.frontdoor.models import (
    Channel,
    HelpRequest,
    Law,
    PublicSubmission,
    RequestStatus,
    SignalSource,
    Triage,
    TriageOutcome,
    Urgency,
)
from samenkracht.network import validators
from samenkracht.network.models import Location, Membership, Neighbourhood, Organisation, Team, TeamKind, TeamMember
from samenkracht.plans.identity import bsn_hash, identity_hash, validate_bsn
from samenkracht.plans.models import Household, HouseholdRole, Person
from samenkracht.privacy import log, policy
from samenkracht.privacy.crypto import keyed_hash
from samenkracht.privacy.models import AccessEvent
from samenkracht.rights.services import ensure_not_restricted
from samenkracht.socialmap.models import AccessType, LifeDomain, Service

# Professionals register what reached them in person, by phone, by e-mail or as a signal; the online
# form channel belongs to residents' own submissions (submit_public_request).
PROFESSIONAL_CHANNELS = (Channel.WALK_IN, Channel.PHONE, Channel.EMAIL, Channel.SIGNAL)
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,30}$")
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_RATE_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


# --- Errors ----------------------------------------------------------------------------------------


class RateLimited(Exception):
    """The public form was used too often from one address; nothing was stored."""


@dataclass(frozen=True)
class Duplicate:
    """A household of the municipality with a member who matches a member being registered."""

    household_id: int
    team_name: str
    matched_on: str          # "bsn" or "name_and_birth_date"
    member_index: int        # which of the submitted members matched


class DuplicateHouseholds(Exception):
    """Registering would create a household that probably exists already: link or confirm instead."""

    def __init__(self, duplicates: list[Duplicate]):
        self.duplicates = duplicates
        super().__init__(f"{len({d.household_id for d in duplicates})} possible duplicate household(s)")


class PublicFormActor:
    """A resident using the public online form: no account, no relations."""

    label = "resident (online form)"
    source = "web"


# --- Helpers ---------------------------------------------------------------------------------------


def _is_token(actor) -> bool:
    return getattr(actor, "token", None) is not None


def _organisation_for(actor, user, team: Team | None = None) -> Organisation | None:
    """The organisation the actor acts for: the token's, else the one they are in the team for."""
    if _is_token(actor):
        return actor.token.organisation
    if user is None:
        return None
    if team is not None:
        member = TeamMember.objects.filter(team=team, user=user).select_related("organisation").first()
        if member is not None:
            return member.organisation
    membership = Membership.objects.filter(user=user, active=True, role__in=policy.CARE_ROLES).select_related(
        "organisation").first()
    return membership.organisation if membership else None


def _record(actor, *, event: str, subject_type: str, subject_id, municipality_id: int | None, purpose: str,
            organisation=None, outcome: str = "allowed") -> None:
    log.record(actor, event=event, subject_type=subject_type, subject_id=subject_id,
               municipality_id=municipality_id, purpose=purpose, outcome=outcome, organisation=organisation)


def _refuse(actor, message: str, *, event: str, subject_type: str, subject_id, municipality_id: int | None,
            purpose: str, team: Team | None = None):
    """Write the refusal to the access log (outside any transaction that will roll back) and raise."""
    user = policy.acting_professional(actor)
    log.record_denied(actor, event=event, subject_type=subject_type, subject_id=subject_id,
                      municipality_id=municipality_id, purpose=purpose,
                      organisation=_organisation_for(actor, user, team))
    raise PermissionDenied(message)


def _require_writer(actor, *, subject_type: str, subject_id, municipality_id: int | None, purpose: str) -> None:
    """Tokens write resident data only with the households:write scope."""
    if _is_token(actor) and "households:write" not in actor.scopes:
        _refuse(actor, gettext("This token may not register resident data (scope households:write)."),
                event=AccessEvent.CREATE if subject_id == "new" else AccessEvent.UPDATE,
                subject_type=subject_type, subject_id=subject_id, municipality_id=municipality_id, purpose=purpose)


def _team_member(team: Team, user) -> TeamMember | None:
    if user is None:
        return None
    return TeamMember.objects.filter(team=team, user=user).select_related("organisation").first()


def _merge(errors: dict[str, list[str]], error: ValidationError, prefix: str = "") -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            key = f"{prefix}{field}" if field != "__all__" else (prefix.rstrip(".") or "__all__")
            errors.setdefault(key, []).extend(messages)
    else:
        errors.setdefault(prefix.rstrip(".") or "__all__", []).extend(error.messages)


def _add(errors: dict[str, list[str]], field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _text(value, field: str, max_length: int, errors: dict, *, required: bool = False, label: str = "") -> str:
    """Stripped text with its length checked (encrypted fields are text columns without a length limit)."""
    text = (value or "").strip()
    if required and not text:
        _add(errors, field, gettext("This field is required."))
    elif len(text) > max_length:
        _add(errors, field, gettext("Use at most %(max)d characters (now %(count)d).")
             % {"max": max_length, "count": len(text)})
    return text


def _email(value, field: str, errors: dict) -> str:
    text = _text(value, field, 254, errors)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            _add(errors, field, gettext("Enter a valid e-mail address."))
    return text


def _phone(value, field: str, errors: dict) -> str:
    text = _text(value, field, 30, errors)
    if text and not _PHONE.match(text):
        _add(errors, field, gettext("Enter a phone number of digits, for example 038 123 45 67."))
    return text


def _life_domains(codes: Iterable, errors: dict) -> list[LifeDomain]:
    wanted = list(dict.fromkeys(str(getattr(c, "code", c)) for c in codes or ()))
    found = {d.code: d for d in LifeDomain.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        _add(errors, "life_domains", gettext("Unknown life domain: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [found[c] for c in wanted if c in found]


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- References ------------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    """HV-<year>-<number>, one higher than the highest of that year (a unique index guards races)."""
    prefix = f"HV-{year}-"
    last = (
        HelpRequest.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    try:
        number = int(last[len(prefix):]) + 1 if last else 1
    except ValueError:  # a reference of another format; count instead
        number = HelpRequest.objects.filter(reference__startswith=prefix).count() + 1
    return f"{prefix}{number:06d}"


def _save_with_reference(help_request: HelpRequest, attempts: int = 20) -> None:
    """Save with the next free reference. Two requests saved at the same moment may pick the same number:
    the unique index refuses the second, whose savepoint rolls back, and it takes the next number. On
    SQLite writes are serialised (immediate transactions); on PostgreSQL the retry reads the number the
    other transaction has just committed."""
    year = timezone.localtime(help_request.registered_at).year
    for attempt in range(attempts):
        help_request.reference = _next_reference(year)
        try:
            with transaction.atomic():
                help_request.save()
            return
        except IntegrityError:
            if attempt == attempts - 1 or not HelpRequest.objects.filter(reference=help_request.reference).exists():
                raise


# --- Registering a help request --------------------------------------------------------------------


def _check_request_fields(help_request: HelpRequest, errors: dict) -> None:
    """The model's own rules, for the fields that have no problem yet (one clear message per field)."""
    try:
        help_request.full_clean(exclude=["reference", *errors])
    except ValidationError as error:
        _merge(errors, error)
    _raise(errors)


@sensitive_variables("question", "contact_name", "contact_phone", "contact_email")
def register_help_request(
    actor,
    *,
    team: Team,
    channel: str,
    question: str,
    life_domains: Iterable = (),
    neighbourhood: Neighbourhood | None = None,
    urgency: str = Urgency.NORMAL,
    signal_source: str = "",
    signal_topic: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> HelpRequest:
    """A professional registers a request at a team they are a member of. A crisis is due the same day."""
    purpose = "register help request"
    _require_writer(actor, subject_type="help_request", subject_id="new", municipality_id=team.municipality_id,
                    purpose=purpose)
    user = policy.acting_professional(actor)
    member = _team_member(team, user)
    if member is None:
        _refuse(actor, gettext("Only members of %(team)s can register requests for it.") % {"team": team.name},
                event=AccessEvent.CREATE, subject_type="help_request", subject_id="new",
                municipality_id=team.municipality_id, purpose=purpose)

    errors: dict[str, list[str]] = {}
    if channel not in PROFESSIONAL_CHANNELS:
        _add(errors, "channel", gettext("Choose walk-in, phone, e-mail or early signal.")
             if channel == Channel.ONLINE_FORM else gettext("Choose a channel from the list."))
    if urgency not in Urgency.values:
        _add(errors, "urgency", gettext("Choose an urgency from the list."))
    if channel == Channel.SIGNAL:
        if signal_source and signal_source not in SignalSource.values:
            _add(errors, "signal_source", gettext("Choose who gave the signal from the list."))
        signal_topic = _text(signal_topic, "signal_topic", 100, errors)
    else:
        signal_source, signal_topic = "", ""
    if neighbourhood is not None and neighbourhood.municipality_id != team.municipality_id:
        _add(errors, "neighbourhood", gettext("This neighbourhood lies outside the team's municipality."))
    now = timezone.now()
    help_request = HelpRequest(
        municipality_id=team.municipality_id, team=team, channel=channel, signal_source=signal_source or "",
        signal_topic=signal_topic, question=_text(question, "question", 4000, errors, required=True),
        neighbourhood=neighbourhood, urgency=urgency,
        contact_name=_text(contact_name, "contact_name", 150, errors),
        contact_phone=_phone(contact_phone, "contact_phone", errors),
        contact_email=_email(contact_email, "contact_email", errors),
        registered_by=user, registered_organisation=member.organisation, registered_at=now,
        triage_due_at=HelpRequest.due_for(urgency if urgency in Urgency.values else Urgency.NORMAL, now),
    )
    domains = _life_domains(life_domains, errors)
    _check_request_fields(help_request, errors)

    with transaction.atomic():
        _save_with_reference(help_request)
        help_request.life_domains.set(domains)
        policy.require_help_request(actor, help_request, event=AccessEvent.CREATE, purpose=purpose)
    return help_request


# --- The public online form ------------------------------------------------------------------------


def parse_rate(rate: str) -> tuple[int, timedelta]:
    """'5/h' → (5, one hour); also '10/15m', '100/d'."""
    match = _RATE.match(rate or "")
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(f"SAMENKRACHT_PUBLIC_FORM_RATE must look like 5/h or 10/15m, not {rate!r}.")
    count, multiple, unit = int(match.group(1)), int(match.group(2) or 1), match.group(3)
    return count, timedelta(seconds=multiple * _RATE_UNITS[unit])


def sender_hash(address: str | None) -> str:
    """The keyed hash under which submissions from one address are counted; the address is not kept."""
    return keyed_hash((address or "unknown").strip().lower(), "public-form-sender")


def is_rate_limited(address: str | None) -> bool:
    limit, window = parse_rate(settings.PUBLIC_FORM_RATE)
    since = timezone.now() - window
    return PublicSubmission.objects.filter(sender_hash=sender_hash(address), at__gt=since).count() >= limit


def resolve_postcode(postcode: str) -> tuple[int | None, Neighbourhood | None]:
    """(municipality id, neighbourhood) for a Dutch postcode, from what the network knows of its PC4 area:
    neighbourhoods whose centre has a postcode in it, else locations there. (None, None) when unknown."""
    try:
        normal = validators.normalise_postcode(postcode)
    except ValidationError:
        return None, None
    pc4 = normal[:4]
    candidates = list(Neighbourhood.objects.filter(postcode__startswith=pc4).order_by("postcode", "pk")[:20])
    if candidates:
        exact = [n for n in candidates if n.postcode == normal]
        chosen = (exact or candidates)[0]
        return chosen.municipality_id, chosen
    location = (Location.objects.filter(country="NL", postcode__startswith=pc4, municipality__isnull=False)
                .order_by("pk").first())
    if location is not None:
        return location.municipality_id, location.neighbourhood
    return None, None


def access_point_for(municipality_id: int, neighbourhood: Neighbourhood | None = None) -> Team | None:
    """The access point of the municipality; one that serves the neighbourhood wins when there are several."""
    teams = Team.objects.filter(municipality_id=municipality_id, kind=TeamKind.ACCESS_POINT).order_by("name", "pk")
    if neighbourhood is not None:
        serving = teams.filter(neighbourhoods=neighbourhood).first()
        if serving is not None:
            return serving
    return teams.first()


@sensitive_variables("question", "contact_name", "contact_phone", "contact_email", "address")
def submit_public_request(
    *,
    address: str | None,
    question: str,
    postcode: str = "",
    team: Team | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> HelpRequest:
    """A resident asks a question through the online form, without an account.

    ``address`` is the sender's IP address: only its keyed hash is counted (PUBLIC_FORM_RATE per window),
    and when the limit is reached RateLimited is raised and nothing is stored. The request goes to the
    chosen access point, or to the access point of the municipality the postcode lies in.
    """
    if is_rate_limited(address):
        raise RateLimited(gettext("You have sent several questions in a short time."))
    errors: dict[str, list[str]] = {}
    question = _text(question, "question", 4000, errors, required=True)
    contact_name = _text(contact_name, "contact_name", 150, errors)
    contact_phone = _phone(contact_phone, "contact_phone", errors)
    contact_email = _email(contact_email, "contact_email", errors)
    if not contact_phone and not contact_email and "contact_phone" not in errors and "contact_email" not in errors:
        _add(errors, "contact_phone", gettext("Give a phone number or an e-mail address, so that we can reach you."))
    neighbourhood = None
    if postcode and postcode.strip():
        try:
            validators.normalise_postcode(postcode)
        except ValidationError as error:
            errors.setdefault("postcode", []).extend(error.messages)
    if team is not None:
        if team.kind != TeamKind.ACCESS_POINT:
            _add(errors, "team", gettext("Choose an access point from the list."))
        elif postcode and "postcode" not in errors:
            municipality_id, found = resolve_postcode(postcode)
            neighbourhood = found if municipality_id == team.municipality_id else None
    elif postcode and "postcode" not in errors:
        municipality_id, neighbourhood = resolve_postcode(postcode)
        team = access_point_for(municipality_id, neighbourhood) if municipality_id else None
        if team is None:
            _add(errors, "postcode", gettext("We cannot tell from this postcode where your access point is. "
                                             "Choose your municipality's access point from the list."))
    elif "postcode" not in errors:
        _add(errors, "postcode", gettext("Give your postcode or choose your access point, so that your question "
                                         "reaches the right place."))
    _raise(errors)

    now = timezone.now()
    help_request = HelpRequest(
        municipality_id=team.municipality_id, team=team, channel=Channel.ONLINE_FORM, question=question,
        neighbourhood=neighbourhood, urgency=Urgency.NORMAL, contact_name=contact_name, contact_phone=contact_phone,
        contact_email=contact_email, registered_at=now, triage_due_at=HelpRequest.due_for(Urgency.NORMAL, now),
    )
    _check_request_fields(help_request, errors)
    limit, window = parse_rate(settings.PUBLIC_FORM_RATE)
    with transaction.atomic():
        PublicSubmission.objects.filter(at__lte=now - window).delete()
        PublicSubmission.objects.create(sender_hash=sender_hash(address), at=now)
        _save_with_reference(help_request)
        _record(PublicFormActor(), event=AccessEvent.CREATE, subject_type="help_request",
                subject_id=help_request.pk, municipality_id=help_request.municipality_id,
                purpose="question from a resident through the online form")
    return help_request


# --- Households ------------------------------------------------------------------------------------


@sensitive_variables("value")
def _normal_bsn(value) -> str:
    return re.sub(r"[\s.\-]", "", str(value or ""))


@sensitive_variables("members", "member", "bsn", "data", "people")
def _people(help_request: HelpRequest, members: list[dict[str, Any]], errors: dict) -> list[Person]:
    """Person objects (not saved) for the submitted members, every problem keyed members.<i>.<field>."""
    if not members:
        _add(errors, "members", gettext("Register at least one member of the household."))
    people: list[Person] = []
    seen_bsn: dict[str, int] = {}
    today = timezone.localdate()
    for index, data in enumerate(members):
        prefix = f"members.{index}."
        field_errors: dict[str, list[str]] = {}
        bsn = _normal_bsn(data.get("bsn"))
        if bsn:
            try:
                validate_bsn(bsn)
            except ValidationError as error:
                field_errors["bsn"] = error.messages
            else:
                if bsn in seen_bsn:
                    field_errors["bsn"] = [gettext("Two members cannot have the same BSN.")]
                seen_bsn[bsn] = index
        birth = data.get("date_of_birth")
        if birth and birth > today:
            field_errors["date_of_birth"] = [gettext("A date of birth cannot lie in the future.")]
        role = data.get("role") or HouseholdRole.APPLICANT
        if role not in HouseholdRole.values:
            field_errors["role"] = [gettext("Choose a role from the list.")]
        person = Person(
            municipality_id=help_request.municipality_id,
            given_name=_text(data.get("given_name"), "given_name", 100, field_errors, required=True),
            family_name=_text(data.get("family_name"), "family_name", 100, field_errors, required=True),
            date_of_birth=birth or None, role=role,
            phone=_phone(data.get("phone"), "phone", field_errors),
            email=_email(data.get("email"), "email", field_errors),
            bsn=bsn if "bsn" not in field_errors else "",
        )
        for field, messages in field_errors.items():
            errors.setdefault(prefix + field, []).extend(messages)
        people.append(person)
    return people


def _household_fields(help_request: HelpRequest, *, neighbourhood, address, postcode, errors) -> dict:
    fields = {"address": _text(address, "address", 200, errors), "postcode": "", "neighbourhood": neighbourhood}
    if postcode and postcode.strip():
        try:
            fields["postcode"] = validators.normalise_postcode(postcode)
        except ValidationError as error:
            errors.setdefault("postcode", []).extend(error.messages)
    if neighbourhood is not None and neighbourhood.municipality_id != help_request.municipality_id:
        _add(errors, "neighbourhood", gettext("This neighbourhood lies outside the request's municipality."))
    if neighbourhood is None and fields["postcode"]:
        municipality_id, found = resolve_postcode(fields["postcode"])
        if municipality_id == help_request.municipality_id:
            fields["neighbourhood"] = found
    return fields


@sensitive_variables("people", "bsn_hashes", "identity_hashes")
def _duplicates_of(help_request: HelpRequest, people: list[Person]) -> list[Duplicate]:
    bsn_hashes = {bsn_hash(p.bsn): i for i, p in enumerate(people) if p.bsn}
    identity_hashes = {identity_hash(p.given_name, p.family_name, p.date_of_birth): i
                       for i, p in enumerate(people) if p.date_of_birth}
    identity_hashes.pop("", None)
    if not bsn_hashes and not identity_hashes:
        return []
    matches = (
        Person.objects.filter(municipality_id=help_request.municipality_id)
        .filter(Q(bsn_hash__in=list(bsn_hashes)) | Q(identity_hash__in=list(identity_hashes)))
        .select_related("household__holding_team")
        .order_by("household_id", "pk")
    )
    found: dict[tuple[int, int], Duplicate] = {}
    for person in matches:
        if person.bsn_hash and person.bsn_hash in bsn_hashes:
            key = (person.household_id, bsn_hashes[person.bsn_hash])
            found[key] = Duplicate(person.household_id, _team_name(person.household), "bsn", key[1])
        elif person.identity_hash in identity_hashes:
            key = (person.household_id, identity_hashes[person.identity_hash])
            found.setdefault(key, Duplicate(person.household_id, _team_name(person.household),
                                            "name_and_birth_date", key[1]))
    return list(found.values())


def _team_name(household: Household) -> str:
    return household.holding_team.name if household.holding_team_id else ""


@sensitive_variables("members", "people")
def find_duplicates(actor, help_request: HelpRequest, members: list[dict[str, Any]]) -> list[Duplicate]:
    """Households of the request's municipality with a member of the same BSN, or the same name and date of
    birth, as one of ``members``. Needs a relation with the request; logged as one search."""
    policy.require_help_request(actor, help_request, event=AccessEvent.READ, purpose="duplicate check")
    errors: dict[str, list[str]] = {}
    people = _people(help_request, members, errors)
    _raise(errors)
    duplicates = _duplicates_of(help_request, people)
    policy.log_search(actor, subject_type="household", municipality_id=help_request.municipality_id,
                      purpose="duplicate check before registering a household",
                      count=len({d.household_id for d in duplicates}))
    return duplicates


@sensitive_variables("members", "people", "person", "address", "postcode", "fields")
def register_household_for_request(
    actor,
    help_request: HelpRequest,
    *,
    members: list[dict[str, Any]],
    neighbourhood: Neighbourhood | None = None,
    address: str = "",
    postcode: str = "",
    confirm_new: bool = False,
) -> Household:
    """Create the household of a request (held by the request's team) with its members.

    Looks for duplicates first (same BSN, or same name + date of birth, in the municipality): when found,
    DuplicateHouseholds is raised and nothing is saved, unless ``confirm_new`` says the professional has
    seen them and a new household is right. Members are dicts with given_name, family_name,
    date_of_birth, role, phone, email and bsn (optional, 11-test).
    """
    purpose = "register household for help request"
    _require_writer(actor, subject_type="help_request", subject_id=help_request.pk,
                    municipality_id=help_request.municipality_id, purpose=purpose)
    policy.require_help_request(actor, help_request, event=AccessEvent.UPDATE, purpose=purpose)
    errors: dict[str, list[str]] = {}
    if help_request.household_id:
        _add(errors, "__all__", gettext("This request is already linked to a household."))
        _raise(errors)
    fields = _household_fields(help_request, neighbourhood=neighbourhood, address=address, postcode=postcode,
                               errors=errors)
    people = _people(help_request, members, errors)
    _raise(errors)

    duplicates = _duplicates_of(help_request, people)
    policy.log_search(actor, subject_type="household", municipality_id=help_request.municipality_id,
                      purpose="duplicate check before registering a household",
                      count=len({d.household_id for d in duplicates}))
    if duplicates and not confirm_new:
        raise DuplicateHouseholds(duplicates)

    user = policy.acting_professional(actor)
    organisation = _organisation_for(actor, user, help_request.team)
    with transaction.atomic():
        household = Household(municipality_id=help_request.municipality_id, holding_team=help_request.team,
                              holding_organisation=organisation, **fields)
        household.full_clean()
        household.save()
        for person in people:
            person.household = household
            person.full_clean()
            person.save()
        help_request.household = household
        help_request.save(update_fields=["household"])
        policy.require_household(actor, household, event=AccessEvent.CREATE, purpose=purpose)
        for person in people:
            _record(actor, event=AccessEvent.CREATE, subject_type="person", subject_id=person.pk,
                    municipality_id=household.municipality_id, purpose=purpose, organisation=organisation)
    return household


def link_household(actor, help_request: HelpRequest, household: Household, *, candidates: Iterable[int]) -> HelpRequest:
    """Link the request to an existing household instead of creating one.

    ``candidates`` are the household ids the duplicate check found for this request (kept by the caller on
    the server, never taken from the client); a household the professional already has a relation with
    may be linked as well."""
    purpose = "link help request to existing household"
    _require_writer(actor, subject_type="help_request", subject_id=help_request.pk,
                    municipality_id=help_request.municipality_id, purpose=purpose)
    policy.require_help_request(actor, help_request, event=AccessEvent.UPDATE, purpose=purpose)
    ensure_not_restricted(household)  # AVG art. 18 (rights app)
    if help_request.household_id:
        raise ValidationError(gettext("This request is already linked to a household."))
    if household.municipality_id != help_request.municipality_id or not (
        household.pk in set(candidates) or policy.relation_to_household(actor, household)
    ):
        raise ValidationError({"household": gettext("Choose one of the households found by the duplicate check.")})
    user = policy.acting_professional(actor)
    with transaction.atomic():
        help_request.household = household
        help_request.save(update_fields=["household"])
        _record(actor, event=AccessEvent.UPDATE, subject_type="household", subject_id=household.pk,
                municipality_id=household.municipality_id, purpose=purpose,
                organisation=_organisation_for(actor, user, help_request.team))
    return help_request


# --- Joint triage ----------------------------------------------------------------------------------


def _create_plan(actor, *, household: Household, coordinator, coordinator_organisation: Organisation):
    """The plan of the 'plan with a coordinator' outcome, made by the plans app's own use case."""
    from samenkracht.plans.services import create_plan

    return create_plan(actor, household=household, coordinator=coordinator,
                       coordinator_organisation=coordinator_organisation)


def record_triage(
    actor,
    help_request: HelpRequest,
    *,
    second_professional,
    outcome: str,
    notes: str = "",
    service: Service | None = None,
    law: str = "",
    coordinator=None,
) -> Triage:
    """Two professionals of different organisations, both members of the request's team, assess it together.

    The acting professional is the first; ``second_professional`` is chosen from the team's members.
    Outcomes: advice only; referral to an open-access ``service`` of the social map; a plan with a
    ``coordinator`` (created through plans.services.create_plan; the household must be registered); a
    request for a tailored provision under ``law`` (handed to the municipality's decision process now);
    or crisis escalation. The request becomes TRIAGED, which also ends its crisis flag.
    """
    purpose = "joint triage"
    _require_writer(actor, subject_type="help_request", subject_id=help_request.pk,
                    municipality_id=help_request.municipality_id, purpose=purpose)
    policy.require_help_request(actor, help_request, event=AccessEvent.UPDATE, purpose=purpose)
    ensure_not_restricted(help_request.household)  # AVG art. 18 (rights app); no household: no-op
    user = policy.acting_professional(actor)
    errors: dict[str, list[str]] = {}
    if help_request.status != RequestStatus.NEW or Triage.objects.filter(help_request=help_request).exists():
        raise ValidationError(gettext("This request has already been triaged."))
    first = _team_member(help_request.team, user)
    if first is None:
        raise ValidationError(gettext("Triage is done by members of the team that received the request."))
    second = _team_member(help_request.team, second_professional) if second_professional else None
    if second_professional is None:
        _add(errors, "second_professional", gettext("Choose the second professional."))
    elif second is None:
        _add(errors, "second_professional", gettext("Choose a member of the team that received the request."))
    elif second.user_id == first.user_id:
        _add(errors, "second_professional", gettext("Choose a second professional."))
    elif second.organisation_id == first.organisation_id:
        _add(errors, "second_professional",
             gettext("Triage is done by two professionals from different organisations; %(name)s also works "
                     "for %(organisation)s.") % {"name": second.user.full_name, "organisation": first.organisation.name})
    elif not Membership.objects.filter(user_id=second.user_id, organisation_id=second.organisation_id, active=True,
                                       role__in=policy.CARE_ROLES).exists():
        _add(errors, "second_professional", gettext("The second person must be an active professional."))
    if outcome not in TriageOutcome.values:
        _add(errors, "outcome", gettext("Choose an outcome from the list."))
    notes = _text(notes, "notes", 4000, errors)

    handed_at, coordinator_member = None, None
    if outcome == TriageOutcome.OPEN_ACCESS:
        if service is None:
            _add(errors, "service", gettext("Choose the open-access service from the social map."))
        elif not (Service.objects.visible_to_residents().filter(pk=service.pk, access_type=AccessType.OPEN).exists()):
            _add(errors, "service", gettext("Choose a published service that needs no municipal decision."))
    else:
        service = None
    if outcome == TriageOutcome.TAILORED:
        if law not in Law.values:
            _add(errors, "law", gettext("Say under which law the provision is requested."))
        handed_at = timezone.now()
    else:
        law = ""
    if outcome == TriageOutcome.PLAN:
        if not help_request.household_id:
            _add(errors, "__all__", gettext("Register the household first: the plan belongs to the household."))
        elif help_request.household.plans.filter(status="active").exists():
            _add(errors, "coordinator", gettext("This household already has an active plan with a coordinator."))
        coordinator_member = _team_member(help_request.team, coordinator) if coordinator else None
        if coordinator is None:
            _add(errors, "coordinator", gettext("Choose the coordinator of the plan."))
        elif coordinator_member is None or not Membership.objects.filter(
                user_id=coordinator_member.user_id, organisation_id=coordinator_member.organisation_id, active=True,
                role__in=policy.CARE_ROLES).exists():
            _add(errors, "coordinator", gettext("Choose a professional of the team as coordinator."))
    _raise(errors)

    triage = Triage(
        help_request=help_request, municipality_id=help_request.municipality_id,
        professional_a=first.user, organisation_a=first.organisation,
        professional_b=second.user, organisation_b=second.organisation,
        held_at=timezone.now(), outcome=outcome, notes=notes, service=service, law=law,
        handed_to_decision_at=handed_at,
    )
    try:
        triage.full_clean()
    except ValidationError as error:
        _merge(errors, error)
        _raise(errors)

    with transaction.atomic():
        triage.save()
        help_request.status = RequestStatus.TRIAGED
        help_request.save(update_fields=["status"])
        _record(actor, event=AccessEvent.CREATE, subject_type="triage", subject_id=triage.pk,
                municipality_id=help_request.municipality_id, purpose=f"{purpose}: {outcome}",
                organisation=first.organisation)
        if outcome == TriageOutcome.PLAN:
            _create_plan(actor, household=help_request.household, coordinator=coordinator_member.user,
                         coordinator_organisation=coordinator_member.organisation)
    return triage
