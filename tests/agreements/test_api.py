"""REST API of agreements: reading, writing, 422 naming the field for bad input (nothing saved), query counts."""

from __future__ import annotations

from datetime import date

import pytest

from samenkracht.agreements import services
from samenkracht.agreements.models import Agreement, ManualValue, Party, ResultAgreement
from samenkracht.network.models import Association, Organisation
from tests.agreements.factories import SYSTEM
from tests.api_helpers import api_with_token, assert_invalid


@pytest.fixture
def kern(client, network):
    return api_with_token(client, network.de_kern, "network:write")


@pytest.fixture
def municipality(client, network):
    return api_with_token(client, network.gemeente_meierijstad, "network:write", name="gemeente")


def test_list_and_detail(world, kern):
    response = kern.get("/agreements/", {"kind": "partnership"})
    assert response.status_code == 200
    titles = [row["title"] for row in response.json()["items"]]
    assert titles == ["Open alliantie MEE en De Meierij", "Samenwerking De Kern en De Meierij"]
    detail = kern.get(f"/agreements/{world.partnership.pk}").json()
    assert detail["commitments"][0]["theme"] == "housing"
    assert detail["decision_logs"][0]["follow_ups"][0]["owner_id"] == world.follow_up.owner_id
    assignment = kern.get(f"/agreements/assignments/{world.assignment.pk}").json()
    assert assignment["lead_party"]["name"] == "De Kern"
    assert {r["indicator"] for r in assignment["result_agreements"]} == {"help_requests", "trainings_given"}
    assert assignment["work_plans"][0]["sub_assignments"][0]["title"] == "Passend onderwijs"


def test_filters_by_organisation_municipality_and_status(world, kern, network):
    names = {r["title"] for r in kern.get("/agreements/", {"organisation": network.mee.pk}).json()["items"]}
    assert names == {"Open alliantie MEE en De Meierij"}
    rows = kern.get("/agreements/", {"municipality": network.meierijstad.code}).json()["items"]
    assert [r["kind"] for r in rows] == ["assignment"]
    assert kern.get("/agreements/", {"status": "draft"}).json()["count"] == 0
    assert_invalid(kern.get("/agreements/", {"municipality": "GM9999"}), "query", "municipality")


def test_create_agreement_with_parties(kern, network):
    response = kern.post("/agreements/", {
        "kind": "partnership", "title": "Op Orde", "status": "signed", "signed_on": "2025-05-27",
        "municipalities": ["GM0193"],
        "parties": [{"organisation": network.de_kern.pk}, {"organisation": network.mee.pk, "role": "witness"}]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert [p["role"] for p in body["parties"]] == ["signatory", "witness"]
    assert body["municipalities"] == [{"code": "GM0193", "name": "Zwolle"}]


@pytest.mark.parametrize("body, field", [
    ({"start_on": "2026-05-01", "end_on": "2026-04-01"}, "end_on"),
    ({"kind": "assignment"}, "municipality"),
    ({"parties": [{"organisation": 1}, {"organisation": 1}]}, "parties"),
    ({"municipality": "GM9999"}, "municipality"),
])
def test_create_agreement_bad_input_is_422_with_field(kern, network, body, field):
    payload = {"kind": "partnership", "title": "Fout", "parties": [{"organisation": network.de_kern.pk}], **body}
    if "parties" in body:
        payload["parties"] = [{"organisation": network.de_kern.pk}, {"organisation": network.de_kern.pk}]
    before = Agreement.objects.count()
    assert_invalid(kern.post("/agreements/", payload), "body", field)
    assert Agreement.objects.count() == before


def test_party_signing_twice_is_422(world, kern, network):
    before = Party.objects.count()
    response = kern.post(f"/agreements/{world.partnership.pk}/parties", {"organisation": network.de_kern.pk})
    assert_invalid(response, "body", "organisation")
    assert "al partij" in response.json()["detail"][0]["msg"]
    assert Party.objects.count() == before


def test_commitments_and_decision_logs(world, kern, network):
    response = kern.post(f"/agreements/{world.partnership.pk}/commitments",
                         {"kind": "substantive", "theme": "standing_in", "text": "Elkaar vervangen in overleggen."})
    assert response.status_code == 201
    assert len(kern.get(f"/agreements/{world.partnership.pk}/commitments").json()) == 2
    response = kern.post(f"/agreements/{world.partnership.pk}/decision-logs", {
        "meeting_on": "2025-06-10", "title": "MT", "decisions": "Passend onderwijs samen.",
        "participants": [network.de_kern.pk],
        "follow_ups": [{"action": "Plan maken", "owner": network.de_kern.pk, "due_on": "2025-09-01"}]})
    assert response.status_code == 201, response.content
    assert response.json()["follow_ups"][0]["action"] == "Plan maken"
    bad = kern.post(f"/agreements/{world.partnership.pk}/decision-logs", {
        "meeting_on": "2025-06-10", "title": "MT", "decisions": "x",
        "follow_ups": [{"action": "Te vroeg", "owner": network.de_kern.pk, "due_on": "2025-01-01"}]})
    assert_invalid(bad, "body", "follow_ups")


def _ra(world, **overrides):
    body = {"indicator": "satisfaction", "target": "7.5", "period_start": "2026-01-01", "period_end": "2026-12-31",
            "responsible_party": world.lead.pk}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def test_municipality_adds_result_agreements(world, municipality):
    response = municipality.post(f"/agreements/assignments/{world.assignment.pk}/result-agreements",
                                 _ra(world, sub_assignment=world.sub.pk, breakdown="life_domain"))
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "score" and response.json()["source"] == "computed"
    rows = municipality.get(f"/agreements/assignments/{world.assignment.pk}/result-agreements").json()
    assert len(rows) == 3


@pytest.mark.parametrize("overrides, field", [
    ({"indicator": "made_up"}, "indicator"),
    ({"target": None}, "target"),
    ({"period_start": None}, "period_start"),
    ({"period_end": None}, "period_end"),
    ({"period_end": "2025-12-01"}, "period_end"),
    ({"responsible_party": 999999}, "responsible_party"),
    ({"sub_assignment": 999999}, "sub_assignment"),
])
def test_result_agreement_bad_input_is_422_with_field(world, municipality, overrides, field):
    before = ResultAgreement.objects.count()
    response = municipality.post(f"/agreements/assignments/{world.assignment.pk}/result-agreements",
                                 _ra(world, **overrides))
    assert_invalid(response, "body", field)
    assert ResultAgreement.objects.count() == before


def test_manual_values_reported_by_responsible_party(world, kern):
    response = kern.post(f"/agreements/result-agreements/{world.manual.pk}/values",
                         {"period_start": "2026-01-01", "period_end": "2026-03-31", "value": "2"})
    assert response.status_code == 201, response.content
    assert response.json()["reported_for_id"] == world.lead.organisation_id
    assert len(kern.get(f"/agreements/result-agreements/{world.manual.pk}/values").json()) == 1
    again = kern.post(f"/agreements/result-agreements/{world.manual.pk}/values",
                      {"period_start": "2026-01-01", "period_end": "2026-03-31", "value": "3"})
    assert_invalid(again, "body", "period_start")
    computed = kern.post(f"/agreements/result-agreements/{world.computed.pk}/values",
                         {"period_start": "2026-01-01", "period_end": "2026-03-31", "value": "3"})
    assert computed.status_code == 403  # De Kern is not responsible for the computed one
    assert ManualValue.objects.count() == 1


def test_unknown_ids_are_404(world, kern):
    assert kern.get("/agreements/999999").status_code == 404
    assert kern.get("/agreements/assignments/999999").status_code == 404
    assert kern.get("/agreements/assignments/999999/result-agreements").status_code == 404
    assert kern.get("/agreements/result-agreements/999999").status_code == 404


def _more_agreements(network, start: int, count: int) -> None:
    for i in range(start, start + count):
        organisation = Organisation.objects.create(name=f"Partner {i:03d}", kind="welfare")
        agreement = services.create_agreement(
            SYSTEM, kind="assignment", title=f"Opdracht {i:03d}", municipality=network.meierijstad,
            parties=[{"organisation": organisation, "role": "lead_party"}, {"organisation": network.de_kern}])
        services.add_commitment(SYSTEM, agreement, kind="practical", text="Samen")
        services.add_result_agreement(SYSTEM, agreement.assignment, indicator="help_requests", target=10,
                                      period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
                                      responsible_party=agreement.parties.first())


@pytest.mark.parametrize("path", ["/agreements/", "/agreements/assignments"])
def test_lists_use_a_constant_number_of_queries(world, kern, network, path, django_assert_max_num_queries):
    assert kern.get(path).status_code == 200  # the token's first use records last_used_at
    few, _ = kern.count_queries(path, {"page_size": 100})
    _more_agreements(network, 0, 15)
    many, response = kern.count_queries(path, {"page_size": 100})
    assert response.json()["count"] >= 15
    assert many == few
    with django_assert_max_num_queries(8):
        kern.get(path, {"page_size": 100})


def test_details_use_a_constant_number_of_queries(world, kern, network):
    path = f"/agreements/assignments/{world.assignment.pk}"
    kern.get(path)
    few, _ = kern.count_queries(path)
    for i in range(5):
        services.add_sub_assignment(SYSTEM, world.work_plan, title=f"Deel {i}", responsible_party=world.lead)
        services.add_result_agreement(SYSTEM, world.assignment, indicator="activities_held", target=3,
                                      period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                                      responsible_party=world.lead)
    many, _ = kern.count_queries(path)
    assert many == few


def test_create_an_exploration_of_two_associations(client, network):
    admin = api_with_token(client, network.gemeente_zwolle, "network:admin", name="beheer")
    other = Association.objects.create(name="Sociaal Werk Nederland")
    response = admin.post("/agreements/", {
        "kind": "exploration", "title": "Verkenning", "status": "exploring", "start_on": "2015-02-04",
        "decision_deadline": "2015-04-01", "decision_options": ["projects", "integrated", "merger"],
        "parties": [{"association": network.mee_nederland.pk}, {"association": other.pk}]})
    assert response.status_code == 201, response.content
    assert response.json()["decision_options"] == ["projects", "integrated", "merger"]
    bad = admin.post("/agreements/", {"kind": "exploration", "title": "Zonder datum", "decision_options": ["merger"]})
    assert_invalid(bad, "body", "decision_deadline")
    unknown = admin.post("/agreements/", {"kind": "partnership", "title": "X", "parties": [{"association": 999999}]})
    assert_invalid(unknown, "body", "parties")
