"""The access policy: every relation allows, everything else is refused — and every decision is logged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samenkracht.accounts.tokens import issue_token
from samenkracht.network.permissions import PersonActor, TokenActor, actor_for_user
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessLogEntry, EmergencyAccess


def actor(user):
    return actor_for_user(user)


@pytest.mark.parametrize("who, relation", [
    ("team_member", "team"),
    ("assigned", "assigned"),
    ("coordinator_user", "coordinator"),
    ("triage_a", "triage"),
    ("triage_b", "triage"),
])
def test_each_relation_gives_access_and_is_logged(case, who, relation):
    user = getattr(case, who)
    assert policy.require_household(actor(user), case.household, event="read", purpose="test") == relation
    entry = AccessLogEntry.objects.get(subject_id=str(case.household.pk), user_id_value=user.pk)
    assert (entry.event, entry.outcome, entry.detail) == ("read", "allowed", f"relation: {relation}")
    assert set(policy.visible_households(actor(user))) == {case.household}


@pytest.mark.parametrize("who", ["stranger", "policy", "admin"])
def test_without_a_relation_access_is_refused_and_logged(case, who):
    user = getattr(case, who)
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(user), case.household, event="read", purpose="test")
    entry = AccessLogEntry.objects.get(subject_id=str(case.household.pk), user_id_value=user.pk)
    assert entry.outcome == "denied"
    assert not policy.visible_households(actor(user)).exists()


def test_relation_with_one_household_does_not_open_another(case):
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(case.team_member), case.other_household, event="read", purpose="test")


def test_ended_assignment_no_longer_gives_access(case):
    from django.utils import timezone

    case.household.assignments.update(ended_at=timezone.now())
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(case.assigned), case.household, event="read", purpose="test")


def test_team_members_see_their_teams_help_requests_only(case, network):
    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.network.models import TeamMember

    own = HelpRequest.objects.create(reference="HV-TEST-2", municipality=network.zwolle, team=case.team,
                                     channel="walk_in", question="Vraag", triage_due_at=case.help_request.triage_due_at)
    assert set(policy.visible_help_requests(actor(case.team_member))) == {own, case.help_request}
    assert set(policy.visible_help_requests(actor(case.stranger))) == set()
    TeamMember.objects.filter(user=case.team_member).delete()
    assert set(policy.visible_help_requests(actor(case.team_member))) == set()


def test_emergency_access_needs_a_reason_is_logged_and_expires(case, settings):
    with pytest.raises(ValidationError):
        policy.start_emergency_access(actor(case.stranger), case.household, reason="te kort")
    assert not EmergencyAccess.objects.exists()
    access = policy.start_emergency_access(
        actor(case.stranger), case.household,
        reason="Bewoner belt in crisis, coördinator onbereikbaar, dossier nodig voor veiligheid.")
    assert policy.require_household(actor(case.stranger), case.household, event="read", purpose="x") == "emergency"
    assert AccessLogEntry.objects.filter(event="emergency", user_id_value=case.stranger.pk).count() == 1
    assert access.reviewed_at is None  # flagged for the privacy officer's review
    EmergencyAccess.objects.filter(pk=access.pk).update(expires_at=access.started_at)
    with pytest.raises(PermissionDenied):
        policy.require_household(actor(case.stranger), case.household, event="read", purpose="x")


def test_policy_officer_cannot_use_emergency_access(case):
    with pytest.raises(PermissionDenied):
        policy.start_emergency_access(actor(case.policy), case.household, reason="x" * 40)
    assert AccessLogEntry.objects.get(event="emergency").outcome == "denied"


def test_token_acts_only_on_behalf_of_a_professional_with_a_households_scope(case, network):
    token, _raw = issue_token(organisation=network.de_kern, name="t", scopes=["households:read"])
    on_behalf = TokenActor(token=token, organisation_id=network.de_kern.pk, scopes=frozenset(token.scopes),
                           on_behalf_of_user=case.team_member)
    assert policy.require_household(on_behalf, case.household, event="read", purpose="api") == "team"
    entry = AccessLogEntry.objects.filter(subject_id=str(case.household.pk)).latest("id")
    assert entry.on_behalf_of == case.team_member.email and entry.user_label.startswith("token ")
    without_person = TokenActor(token=token, organisation_id=network.de_kern.pk, scopes=frozenset(token.scopes))
    with pytest.raises(PermissionDenied):
        policy.require_household(without_person, case.household, event="read", purpose="api")
    network_only, _ = issue_token(organisation=network.de_kern, name="n", scopes=["network:read"])
    wrong_scope = TokenActor(token=network_only, organisation_id=network.de_kern.pk,
                             scopes=frozenset(network_only.scopes), on_behalf_of_user=case.team_member)
    with pytest.raises(PermissionDenied):
        policy.require_household(wrong_scope, case.household, event="read", purpose="api")


def test_visible_households_is_one_query(case, django_assert_num_queries):
    person_actor = actor(case.team_member)
    assert isinstance(person_actor, PersonActor)
    with django_assert_num_queries(2):  # the professional check, then the households
        assert len(list(policy.visible_households(person_actor))) == 1
