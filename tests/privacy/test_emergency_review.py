"""The privacy officer reviews emergency accesses of their own municipality; nobody else may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenkracht.network.models import Role
from samenkracht.network.permissions import actor_for_user
from samenkracht.privacy import policy, services
from samenkracht.privacy.models import AccessLogEntry, EmergencyAccess
from tests.conftest import make_person, sign_in

LIST = "/privacy/noodtoegang/"
REASON = "Bewoner belde in crisis; dossier nodig om veiligheid in te schatten"


def review_url(access) -> str:
    return f"/privacy/noodtoegang/{access.pk}/"


@pytest.fixture
def emergency(case):
    """The stranger (no relation) is refused, then uses emergency access and reads the household."""
    actor = actor_for_user(case.stranger)
    with pytest.raises(PermissionDenied):
        policy.require_household(actor, case.household, event="read", purpose="before the emergency")
    access = policy.start_emergency_access(actor, case.household, reason=REASON)
    policy.require_household(actor, case.household, event="read", purpose="read in emergency")
    policy.require_household(actor_for_user(case.assigned), case.household, event="read", purpose="someone else")
    return access


@pytest.fixture
def other_officer(network):
    return make_person("privacy.meierij@example.test", "Pep Privacy", [(network.gemeente_meierijstad,
                                                                         Role.PRIVACY_OFFICER)])


def test_officer_sees_the_access_without_personal_data(client, people, case, emergency):
    sign_in(client, people.privacy)
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["unreviewed"] == 1
    [shown] = response.context["accesses"]
    assert shown.pk == emergency.pk
    # Only the stranger's entries for this household during the window: the emergency itself and the read.
    assert [(e.event, e.purpose) for e in shown.log_entries] == [
        ("emergency", f"emergency: {REASON}"), ("read", "read in emergency")]
    page = response.content.decode()
    assert "Vera Vreemd" in page and "De Kern" in page and REASON in page
    assert str(case.household.pk) in page
    for personal in ("Sanne", "Jansma", "Kerkstraat", "8011AA", "Goed netwerk"):
        assert personal not in page


def test_unreviewed_come_first(client, people, case, emergency, network):
    older = EmergencyAccess.objects.create(
        user=case.stranger, organisation=network.de_kern, household=case.other_household,
        municipality=network.zwolle, reason=REASON, started_at=timezone.now() - timedelta(days=3),
        expires_at=timezone.now() - timedelta(days=3) + timedelta(hours=4))
    services.review_emergency_access(people.privacy, emergency, outcome="justified", note="")
    newest_unreviewed = EmergencyAccess.objects.create(
        user=case.stranger, organisation=network.de_kern, household=case.other_household,
        municipality=network.zwolle, reason=REASON, started_at=timezone.now() - timedelta(days=1),
        expires_at=timezone.now() - timedelta(days=1) + timedelta(hours=4))
    sign_in(client, people.privacy)
    response = client.get(LIST)
    assert [a.pk for a in response.context["accesses"]] == [newest_unreviewed.pk, older.pk, emergency.pk]
    assert response.context["unreviewed"] == 2


def test_review_justified_is_recorded_with_a_log_entry(client, people, emergency):
    sign_in(client, people.privacy)
    assert client.get(review_url(emergency)).status_code == 200
    response = client.post(review_url(emergency), {"review_outcome": "justified", "review_note": ""})
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.review_outcome == "justified" and emergency.reviewed_by == people.privacy
    assert emergency.reviewed_at is not None
    entry = AccessLogEntry.objects.get(subject_type="emergency_access", subject_id=str(emergency.pk))
    assert entry.event == "update" and entry.user_id_value == people.privacy.pk
    assert entry.organisation_label == "Gemeente Zwolle" and entry.purpose.endswith("justified")


def test_not_justified_needs_a_note_and_saves_nothing(client, people, emergency):
    sign_in(client, people.privacy)
    before = AccessLogEntry.objects.count()
    response = client.post(review_url(emergency), {"review_outcome": "unjustified", "review_note": "  "})
    assert response.status_code == 200
    assert "review_note" in response.context["form"].errors
    emergency.refresh_from_db()
    assert emergency.reviewed_at is None and AccessLogEntry.objects.count() == before
    response = client.post(review_url(emergency), {"review_outcome": "unjustified",
                                                   "review_note": "Geen crisis; gewone vraag via team."})
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.review_outcome == "unjustified" and emergency.review_note.startswith("Geen crisis")


def test_unknown_outcome_and_second_review_are_refused(people, emergency):
    with pytest.raises(ValidationError) as error:
        services.review_emergency_access(people.privacy, emergency, outcome="maybe", note="")
    assert "review_outcome" in error.value.message_dict
    services.review_emergency_access(people.privacy, emergency, outcome="justified", note="")
    with pytest.raises(ValidationError) as error:
        services.review_emergency_access(people.privacy, emergency, outcome="unjustified", note="Toch niet")
    assert "review_outcome" in error.value.message_dict
    emergency.refresh_from_db()
    assert emergency.review_outcome == "justified"


def test_second_review_on_the_web_shows_the_message(client, people, emergency):
    services.review_emergency_access(people.privacy, emergency, outcome="justified", note="")
    sign_in(client, people.privacy)
    response = client.post(review_url(emergency), {"review_outcome": "unjustified", "review_note": "Anders"})
    assert response.status_code == 200
    assert "Deze noodtoegang is al beoordeeld." in response.content.decode()  # the Dutch UI
    emergency.refresh_from_db()
    assert emergency.review_outcome == "justified"


def test_officer_of_another_municipality_is_refused(client, other_officer, emergency):
    sign_in(client, other_officer)
    response = client.get(LIST)
    assert response.status_code == 200 and list(response.context["accesses"]) == []
    assert response.context["unreviewed"] == 0
    assert client.get(review_url(emergency)).status_code == 403
    assert client.post(review_url(emergency), {"review_outcome": "justified"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.review_emergency_access(other_officer, emergency, outcome="justified", note="")
    emergency.refresh_from_db()
    assert emergency.reviewed_at is None


def test_everyone_else_is_refused(client, people, case, emergency):
    for who in (people.admin, people.policy, people.professional, people.coordinator, case.stranger):
        client.logout()
        sign_in(client, who)
        assert client.get(LIST).status_code == 403
        assert client.get(review_url(emergency)).status_code == 403
        assert client.post(review_url(emergency), {"review_outcome": "justified"}).status_code == 403
    emergency.refresh_from_db()
    assert emergency.reviewed_at is None


def test_anonymous_goes_to_login(client, emergency):
    assert client.get(LIST).status_code == 302
    assert client.post(review_url(emergency), {"review_outcome": "justified"}).status_code == 302
    emergency.refresh_from_db()
    assert emergency.reviewed_at is None


def test_list_uses_a_constant_number_of_queries(client, people, case, emergency, network,
                                                django_assert_num_queries):
    sign_in(client, people.privacy)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    actor = actor_for_user(case.stranger)
    for _ in range(8):
        policy.start_emergency_access(actor, case.other_household, reason=REASON)
        policy.require_household(actor, case.other_household, event="read", purpose="more")
    with django_assert_num_queries(len(few)):
        response = client.get(LIST)
    assert len(response.context["accesses"]) == 9
    assert len(few) <= 12
