"""The privacy officer filters the access log of their own municipality; others are refused."""

from samenkracht.network.permissions import SystemActor
from samenkracht.privacy import log
from tests.conftest import sign_in

URL = "/privacy/toegangslog/"


def entries(network, count, municipality=None, event="read", outcome="allowed"):
    for i in range(count):
        log.record(SystemActor(), event=event, subject_type="household", subject_id=100 + i,
                   municipality_id=(municipality or network.zwolle).pk, purpose="test", outcome=outcome)


def test_privacy_officer_sees_only_own_municipality_and_filters(client, people, network):
    entries(network, 3)
    entries(network, 2, municipality=network.kampen)
    entries(network, 1, event="search", outcome="denied")
    sign_in(client, people.privacy)
    response = client.get(URL)
    assert response.status_code == 200 and response.context["page"].paginator.count == 4
    response = client.get(URL, {"outcome": "denied"})
    assert [e.event for e in response.context["page"]] == ["search"]
    response = client.get(URL, {"subject_id": "101"})
    assert response.context["page"].paginator.count == 1


def test_bad_date_range_is_reported_inline(client, people, network):
    sign_in(client, people.privacy)
    response = client.get(URL, {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert "date_to" in response.context["form"].errors


def test_others_are_refused(client, people, network):
    for who in (people.admin, people.policy, people.professional):
        client.logout()
        sign_in(client, who)
        assert client.get(URL).status_code == 403


def test_list_uses_a_constant_number_of_queries(client, people, network, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sign_in(client, people.privacy)
    entries(network, 3)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    entries(network, 40)
    with django_assert_num_queries(len(few)):
        client.get(URL)
