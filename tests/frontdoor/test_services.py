"""The front door's use cases: registering through every channel, households with duplicate checks, joint
triage with each outcome — bad input saves nothing, and every create, read and refusal is logged."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from samenkracht.frontdoor import queries, services
from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Household, Person, Plan
from samenkracht.privacy.models import AccessLogEntry
from tests.frontdoor.conftest import INVALID_BSN, OTHER_VALID_BSN, VALID_BSN, member, register, token_actor


def state() -> dict:
    return {"requests": HelpRequest.objects.count(), "households": Household.objects.count(),
            "persons": Person.objects.count(), "triages": Triage.objects.count(), "plans": Plan.objects.count()}


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Registering ----------------------------------------------------------------------------------


@pytest.mark.parametrize("channel", ["walk_in", "phone", "email", "signal"])
def test_a_professional_registers_a_request_through_every_channel(front, channel):
    extra = {"signal_source": "gp", "signal_topic": "dementie"} if channel == "signal" else {}
    request = register(front, channel=channel, **extra)
    request.refresh_from_db()
    assert request.channel == channel
    assert request.team == front.wijkteam and request.municipality == front.wijkteam.municipality
    assert request.registered_by == front.wijkcoach and request.registered_organisation == front.dno
    assert request.status == "new" and request.question.startswith("Ik krijg mijn post")
    assert [d.code for d in request.life_domains.all()] == ["financien"]
    assert re.fullmatch(rf"HV-{timezone.localdate().year}-\d{{6}}", request.reference)
    if channel == "signal":
        assert (request.signal_source, request.signal_topic) == ("gp", "dementie")


def test_signal_fields_are_dropped_for_other_channels(front):
    request = register(front, channel="phone", signal_source="school", signal_topic="schulden")
    assert (request.signal_source, request.signal_topic) == ("", "")


def test_an_early_signal_needs_its_source_and_saves_nothing(front):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        register(front, channel="signal", signal_topic="schulden")
    assert "signal_source" in errors_of(excinfo)
    assert state() == before


def test_the_online_form_channel_belongs_to_residents(front):
    with pytest.raises(ValidationError) as excinfo:
        register(front, channel="online_form")
    assert "channel" in errors_of(excinfo)
    assert not HelpRequest.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"life_domains": ["financien", "geluk"]}, "life_domains"),
    ({"question": "   "}, "question"),
    ({"question": "x" * 4001}, "question"),
    ({"urgency": "morgen"}, "urgency"),
    ({"contact_email": "geen-adres"}, "contact_email"),
    ({"contact_phone": "bel me"}, "contact_phone"),
])
def test_bad_input_gets_a_message_on_its_field_and_saves_nothing(front, fields, field):
    with pytest.raises(ValidationError) as excinfo:
        register(front, **fields)
    assert field in errors_of(excinfo)
    assert not HelpRequest.objects.exists()


def test_unknown_life_domain_code_is_named(front):
    with pytest.raises(ValidationError) as excinfo:
        register(front, life_domains=["geluk"])
    assert "geluk" in errors_of(excinfo)["life_domains"][0]


def test_neighbourhood_must_lie_in_the_teams_municipality(front, network):
    with pytest.raises(ValidationError) as excinfo:
        register(front, neighbourhood=network.stadshagen)
    assert "neighbourhood" in errors_of(excinfo)


def test_a_crisis_is_due_the_same_day_and_flagged_until_triaged(front):
    crisis = register(front, urgency="crisis")
    due = timezone.localtime(crisis.triage_due_at)
    assert due.date() == timezone.localdate() and due.hour == 23
    normal = register(front)
    assert timezone.localtime(normal.triage_due_at).date() == timezone.localdate() + timedelta(days=10)
    rows, summary = queries.worklist(actor_for_user(front.wmo))
    assert [r.pk for r in rows] == [crisis.pk, normal.pk] and summary.crises == 1
    services.record_triage(actor_for_user(front.wijkcoach), crisis, second_professional=front.wmo,
                           outcome="crisis", notes="Veilig Thuis ingeschakeld")
    crisis.refresh_from_db()
    assert crisis.status == "triaged" and crisis.urgency == "crisis"  # the urgency stays as history
    rows, summary = queries.worklist(actor_for_user(front.wmo))
    assert [r.pk for r in rows] == [normal.pk] and summary.crises == 0


def test_references_count_up_per_year_and_stay_unique(front):
    first, second = register(front), register(front)
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"HV-{year}-000001", f"HV-{year}-000002")
    HelpRequest.objects.filter(pk=second.pk).update(reference=f"HV-{year}-000123")
    assert register(front).reference == f"HV-{year}-000124"


def test_a_reference_taken_at_the_same_moment_is_retried(front, monkeypatch):
    """Two registrations racing for one number: the unique index refuses one, which takes the next."""
    taken = register(front)
    real = services._next_reference
    calls = []

    def racing(year):
        calls.append(year)
        return taken.reference if len(calls) == 1 else real(year)

    monkeypatch.setattr(services, "_next_reference", racing)
    again = register(front)
    assert again.reference != taken.reference and len(calls) == 2


def test_a_reference_clash_that_persists_is_an_error(front, monkeypatch):
    taken = register(front)
    monkeypatch.setattr(services, "_next_reference", lambda year: taken.reference)
    with pytest.raises(IntegrityError):
        register(front)
    assert HelpRequest.objects.count() == 1


def test_only_members_of_the_team_register_and_the_refusal_is_logged(front, people):
    with pytest.raises(PermissionDenied):
        register(front, user=people.professional)
    entry = AccessLogEntry.objects.get(user_id_value=people.professional.pk)
    assert (entry.event, entry.outcome, entry.subject_type) == ("create", "denied", "help_request")
    assert not HelpRequest.objects.exists()


def test_registering_is_logged_as_a_create_of_the_request(front):
    request = register(front)
    entry = AccessLogEntry.objects.get(event="create", subject_type="help_request", subject_id=str(request.pk))
    assert (entry.outcome, entry.user_id_value, entry.organisation_label, entry.detail) == (
        "allowed", front.wijkcoach.pk, "DNO", "relation: team")
    assert "post" not in entry.purpose.lower()  # no question text in the log


def test_a_token_needs_the_write_scope_to_register(front):
    reader = token_actor(front, front.wijkcoach, "households:read")
    with pytest.raises(PermissionDenied):
        services.register_help_request(reader, team=front.wijkteam, channel="phone", question="Vraag")
    writer = token_actor(front, front.wijkcoach, "households:write")
    request = services.register_help_request(writer, team=front.wijkteam, channel="phone", question="Vraag")
    entry = AccessLogEntry.objects.get(event="create", subject_id=str(request.pk))
    assert entry.on_behalf_of == "wijkcoach@example.test" and entry.source == "api"


# --- Reading --------------------------------------------------------------------------------------


def test_reading_a_request_is_logged_and_a_refused_read_too(front, people):
    request = register(front)
    assert queries.help_request_for(actor_for_user(front.wmo), request.pk) == request
    assert AccessLogEntry.objects.filter(event="read", subject_id=str(request.pk), user_id_value=front.wmo.pk,
                                         outcome="allowed").count() == 1
    with pytest.raises(PermissionDenied):
        queries.help_request_for(actor_for_user(people.professional), request.pk)
    assert AccessLogEntry.objects.filter(event="read", subject_id=str(request.pk),
                                         user_id_value=people.professional.pk, outcome="denied").count() == 1


def test_the_worklist_is_logged_once_as_a_search_with_its_size(front):
    for _ in range(3):
        register(front)
    before = AccessLogEntry.objects.count()
    rows, summary = queries.worklist(actor_for_user(front.wmo), team=front.wijkteam)
    assert summary.total == len(list(rows)) == 3
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(e.event, e.subject_type, e.subject_id) for e in entries] == [("search", "help_request", "3 rows")]


def test_a_team_worklist_is_for_its_members_only(front, people):
    with pytest.raises(PermissionDenied):
        queries.worklist(actor_for_user(front.balie), team=front.wijkteam)
    with pytest.raises(PermissionDenied):
        queries.worklist(actor_for_user(people.policy))


def test_worklist_orders_crises_then_due_date_and_shows_waiting_time(front):
    now = timezone.now()
    old = register(front)
    HelpRequest.objects.filter(pk=old.pk).update(registered_at=now - timedelta(days=12),
                                                  triage_due_at=now - timedelta(days=2))
    urgent = register(front, urgency="urgent")
    normal = register(front)
    crisis = register(front, urgency="crisis")
    rows, summary = queries.worklist(actor_for_user(front.wijkcoach), team=front.wijkteam)
    rows = list(rows)
    assert [r.pk for r in rows] == [crisis.pk, old.pk, urgent.pk, normal.pk]
    assert (summary.total, summary.crises, summary.overdue, summary.due_today) == (4, 1, 1, 1)
    assert queries.waiting(rows[1], now) >= timedelta(days=12) - timedelta(seconds=5)
    assert rows[1].is_overdue


def test_worklist_of_a_professional_spans_their_teams_but_not_others(front):
    register(front)
    toegang_request = register(front, user=front.balie, team=front.toegang)
    assert [r.pk for r in queries.worklist(actor_for_user(front.balie))[0]] == [toegang_request.pk]
    assert toegang_request.pk not in [r.pk for r in queries.worklist(actor_for_user(front.wmo))[0]]


# --- Households -----------------------------------------------------------------------------------


def test_registering_a_household_with_members(front):
    request = register(front)
    household = services.register_household_for_request(
        actor_for_user(front.wijkcoach), request, address="Grotestraat 1", postcode="7607 aa",
        members=[member(bsn=VALID_BSN), member("Noor", "Jansma", "2015-06-01", role="child")],
    )
    request.refresh_from_db()
    assert request.household == household
    assert (household.holding_team, household.municipality, household.postcode) == (
        front.wijkteam, front.wijkteam.municipality, "7607AA")
    assert household.neighbourhood == front.centrum  # from the postcode
    applicant = household.members.get(role="applicant")
    assert applicant.bsn == VALID_BSN and applicant.bsn_hash and applicant.identity_hash
    logged = AccessLogEntry.objects.filter(event="create").values_list("subject_type", flat=True)
    assert sorted(logged) == ["help_request", "household", "person", "person"]


def test_an_invalid_bsn_or_future_birth_date_saves_nothing(front):
    request = register(front)
    before = state()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError) as excinfo:
        services.register_household_for_request(
            actor_for_user(front.wijkcoach), request,
            members=[member(bsn=INVALID_BSN), member("Noor", "Jansma", tomorrow, role="child")])
    errors = errors_of(excinfo)
    assert set(errors) == {"members.0.bsn", "members.1.date_of_birth"}
    assert INVALID_BSN not in str(errors)
    assert state() == before


@pytest.mark.parametrize("bsn", ["12345678", "1234567890", "12345678a", "000000000"])
def test_malformed_bsns_are_refused(front, bsn):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        services.register_household_for_request(actor_for_user(front.wijkcoach), request, members=[member(bsn=bsn)])
    assert list(errors_of(excinfo)) == ["members.0.bsn"]
    assert bsn not in str(errors_of(excinfo))


def test_a_household_needs_a_member_and_names(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        services.register_household_for_request(actor_for_user(front.wijkcoach), request, members=[])
    assert "members" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                                 members=[member(given="", family="")])
    assert set(errors_of(excinfo)) == {"members.0.given_name", "members.0.family_name"}


def _existing_household(front, **person):
    request = register(front)
    return services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                                   members=[member(**person)])


def test_a_duplicate_is_found_by_bsn_and_nothing_is_created(front):
    existing = _existing_household(front, given="S.", family="Jansma-de Vries", born="", bsn=VALID_BSN)
    request = register(front)
    before = state()
    with pytest.raises(services.DuplicateHouseholds) as excinfo:
        services.register_household_for_request(actor_for_user(front.wmo), request,
                                                 members=[member(bsn=VALID_BSN)])
    assert [(d.household_id, d.matched_on, d.member_index) for d in excinfo.value.duplicates] == [
        (existing.pk, "bsn", 0)]
    assert state() == before
    search = AccessLogEntry.objects.filter(event="search", subject_type="household").latest("id")
    assert search.subject_id == "1 rows" and VALID_BSN not in search.purpose


def test_a_duplicate_is_found_by_name_and_birth_date_ignoring_case_and_accents(front):
    existing = _existing_household(front, given="Zoë", family="de Vries", born="1990-01-31")
    request = register(front)
    with pytest.raises(services.DuplicateHouseholds) as excinfo:
        services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                                 members=[member("ZOE", "De  Vries", "1990-01-31")])
    assert [(d.household_id, d.matched_on) for d in excinfo.value.duplicates] == [(existing.pk, "name_and_birth_date")]


def test_duplicates_are_looked_for_within_the_municipality_only(front, network):
    from samenkracht.plans.identity import bsn_hash

    elsewhere = Household.objects.create(municipality=network.zwolle)
    Person.objects.create(household=elsewhere, municipality=network.zwolle, given_name="Sanne", family_name="Jansma",
                          bsn=VALID_BSN)
    assert Person.objects.get(household=elsewhere).bsn_hash == bsn_hash(VALID_BSN)
    household = services.register_household_for_request(actor_for_user(front.wijkcoach), register(front),
                                                        members=[member(bsn=VALID_BSN)])
    assert household.pk != elsewhere.pk


def test_a_new_household_can_be_confirmed_after_the_warning(front):
    _existing_household(front, given="Sanne", family="Jansma", born="1984-03-02")
    request = register(front)
    household = services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                                        members=[member()], confirm_new=True)
    assert Household.objects.count() == 2 and request.household == household


def test_the_request_can_be_linked_to_the_duplicate_found(front):
    existing = _existing_household(front, bsn=OTHER_VALID_BSN)
    request = register(front)
    found = services.find_duplicates(actor_for_user(front.wmo), request, [member(given="X", bsn=OTHER_VALID_BSN)])
    services.link_household(actor_for_user(front.wmo), request, existing, candidates=[d.household_id for d in found])
    request.refresh_from_db()
    assert request.household == existing and Household.objects.count() == 1
    assert AccessLogEntry.objects.filter(event="update", subject_type="household",
                                         subject_id=str(existing.pk)).exists()


def test_a_household_that_was_not_found_cannot_be_linked(front, network):
    unrelated = Household.objects.create(municipality=front.wijkteam.municipality)
    request = register(front, user=front.balie, team=front.toegang)
    with pytest.raises(ValidationError):
        services.link_household(actor_for_user(front.balie), request, unrelated, candidates=[])
    request.refresh_from_db()
    assert request.household is None


def test_bsn_never_reaches_the_access_log_or_the_logging_output(front, caplog):
    caplog.set_level(logging.DEBUG)
    request = register(front)
    services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                            members=[member(bsn=VALID_BSN)])
    with pytest.raises(ValidationError):
        services.register_household_for_request(actor_for_user(front.wijkcoach), register(front),
                                                members=[member(bsn=INVALID_BSN)])
    with pytest.raises(services.DuplicateHouseholds):
        services.register_household_for_request(actor_for_user(front.wijkcoach), register(front),
                                                members=[member(given="Ander", bsn=VALID_BSN)])
    for entry in AccessLogEntry.objects.values():
        assert VALID_BSN not in str(entry) and INVALID_BSN not in str(entry)
    assert VALID_BSN not in caplog.text and INVALID_BSN not in caplog.text


# --- Triage ---------------------------------------------------------------------------------------


def triage(front, request, **fields):
    values = {"second_professional": front.wmo, "outcome": "advice"}
    values.update(fields)
    return services.record_triage(actor_for_user(front.wijkcoach), request, **values)


def test_triage_by_two_people_of_the_same_organisation_is_refused(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, second_professional=front.colleague)
    assert "second_professional" in errors_of(excinfo)
    assert "DNO" in errors_of(excinfo)["second_professional"][0]
    request.refresh_from_db()
    assert request.status == "new" and not Triage.objects.exists()


def test_triage_needs_a_second_team_member(front, people):
    request = register(front)
    for second in (None, front.wijkcoach, people.professional, front.balie):
        with pytest.raises(ValidationError) as excinfo:
            triage(front, request, second_professional=second)
        assert "second_professional" in errors_of(excinfo)
    assert not Triage.objects.exists()


def test_outcome_advice(front):
    request = register(front)
    result = triage(front, request, outcome="advice", notes="Informatie over de voedselbank gegeven.")
    request.refresh_from_db()
    assert request.status == "triaged"
    assert (result.professional_a, result.organisation_a, result.professional_b, result.organisation_b) == (
        front.wijkcoach, front.dno, front.wmo, front.gemeente)
    assert result.notes.startswith("Informatie")
    entry = AccessLogEntry.objects.get(event="create", subject_type="triage")
    assert entry.subject_id == str(result.pk)


def test_outcome_open_access_needs_a_published_open_service(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, outcome="open_access")
    assert "service" in errors_of(excinfo)
    front.buurtmaatjes.access_type = "decision"
    front.buurtmaatjes.save()
    with pytest.raises(ValidationError):
        triage(front, request, outcome="open_access", service=front.buurtmaatjes)
    front.buurtmaatjes.access_type = "open"
    front.buurtmaatjes.save()
    result = triage(front, request, outcome="open_access", service=front.buurtmaatjes)
    assert result.service == front.buurtmaatjes


def test_outcome_plan_creates_the_plan_with_its_coordinator(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, outcome="plan", coordinator=front.wijkcoach)
    assert "__all__" in errors_of(excinfo)  # register the household first
    household = services.register_household_for_request(actor_for_user(front.wijkcoach), request,
                                                        members=[member()])
    request.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, outcome="plan")
    assert "coordinator" in errors_of(excinfo)
    triage(front, request, outcome="plan", coordinator=front.wmo)
    plan = Plan.objects.get(household=household)
    assert (plan.coordinator, plan.coordinator_organisation, plan.status) == (front.wmo, front.gemeente, "active")


def test_outcome_tailored_provision_is_handed_to_the_decision_process(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, outcome="tailored")
    assert "law" in errors_of(excinfo)
    result = triage(front, request, outcome="tailored", law="wmo")
    assert result.law == "wmo" and result.handed_to_decision_at is not None


def test_outcome_crisis_escalation(front):
    request = register(front, urgency="crisis")
    result = triage(front, request, outcome="crisis")
    assert result.outcome == "crisis"


def test_a_request_is_triaged_once(front):
    request = register(front)
    triage(front, request)
    with pytest.raises(ValidationError):
        triage(front, request)
    assert Triage.objects.count() == 1


def test_unknown_outcome_saves_nothing(front):
    request = register(front)
    with pytest.raises(ValidationError) as excinfo:
        triage(front, request, outcome="wachtlijst")
    assert "outcome" in errors_of(excinfo)
    assert not Triage.objects.exists()


def test_triage_without_a_relation_is_refused_and_logged(front, people):
    request = register(front)
    with pytest.raises(PermissionDenied):
        services.record_triage(actor_for_user(people.professional), request, second_professional=front.wmo,
                               outcome="advice")
    assert AccessLogEntry.objects.filter(user_id_value=people.professional.pk, outcome="denied",
                                         subject_id=str(request.pk)).exists()
