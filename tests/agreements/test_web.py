"""Web pages of agreements and assignments: reading, forms with inline errors, flows, query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from samenkracht.agreements import services, views
from samenkracht.agreements.models import AccessionRequest, Agreement, Party, ResultAgreement
from samenkracht.network.models import Organisation
from tests.agreements.factories import SYSTEM
from tests.conftest import sign_in


def test_list_filters(client, people, network, world):
    sign_in(client, people.professional)
    response = client.get("/afspraken/", {"kind": "assignment"})
    assert [a.title for a in response.context["page"]] == ["Opdracht welzijn Meierijstad 2026"]
    response = client.get("/afspraken/", {"organisation": network.mee.pk})
    assert [a.title for a in response.context["page"]] == ["Open alliantie MEE en De Meierij"]
    response = client.get("/afspraken/", {"municipality": network.meierijstad.pk, "status": "signed"})
    assert [a.title for a in response.context["page"]] == ["Opdracht welzijn Meierijstad 2026"]
    response = client.get("/afspraken/", {"kind": "bogus"})
    assert response.status_code == 200 and response.context["form"].errors


def test_detail_shows_parties_commitments_decisions_and_requests(client, people, world):
    sign_in(client, people.mee_coordinator)
    page = client.get(f"/afspraken/{world.partnership.pk}/").content.decode()
    assert "Werkplekken delen." in page and "Aanpak passend onderwijs uitwerken" in page
    assert "Gecombineerd managementteam" in page
    page = client.get(f"/afspraken/{world.alliance.pk}/").content.decode()
    assert "De Kern" in page and f"/afspraken/aansluitverzoeken/{world.accession.pk}/" in page


def test_open_alliances_page(client, people, world):
    sign_in(client, people.coordinator)
    response = client.get("/afspraken/open-allianties/")
    assert [a.title for a in response.context["alliances"]] == ["Open alliantie MEE en De Meierij"]
    assert "1 verzoek tot aansluiting wacht op de partijen" in response.content.decode()


def test_create_agreement_form_with_inline_errors_and_nothing_saved(client, people, network):
    sign_in(client, people.coordinator)
    before = Agreement.objects.count()
    response = client.post("/afspraken/nieuw/", {
        "kind": "partnership", "title": "Fout", "status": "draft", "start_on": "2026-05-01", "end_on": "2026-04-01",
        "parties": [network.de_kern.pk], "assignment-reporting_frequency": "quarterly"})
    assert response.status_code == 200
    assert response.context["form"].errors["end_on"]
    assert Agreement.objects.count() == before
    response = client.post("/afspraken/nieuw/", {
        "kind": "partnership", "title": "Samen verder", "status": "signed", "signed_on": "2026-05-01",
        "parties": [network.de_kern.pk], "assignment-reporting_frequency": "quarterly"})
    agreement = Agreement.objects.get(title="Samen verder")
    assert response.status_code == 302 and response["Location"] == f"/afspraken/{agreement.pk}/"


def test_policy_officer_creates_an_assignment(client, people, network):
    sign_in(client, people.policy)
    response = client.post("/afspraken/nieuw/", {
        "kind": "assignment", "title": "Opdracht 2027", "status": "draft", "municipality": network.meierijstad.pk,
        "start_on": "2027-01-01", "end_on": "2027-12-31",
        "assignment-reporting_frequency": "half_yearly", "assignment-budget": "100000"})
    assert response.status_code == 302, response.context["form"].errors
    agreement = Agreement.objects.get(title="Opdracht 2027")
    assert agreement.assignment.reporting_frequency == "half_yearly"


def test_party_signing_twice_is_an_inline_error(client, people, network, world):
    sign_in(client, people.coordinator)
    response = client.post(f"/afspraken/{world.partnership.pk}/partijen/nieuw/",
                           {"organisation": network.de_kern.pk, "role": "signatory"})
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == ["De Kern is al partij bij deze overeenkomst."] or \
        response.context["form"].errors["organisation"] == ["De Kern is al partij bij deze overeenkomst."]


def test_status_renewal_commitment_and_decision_log_forms(client, people, network, world):
    sign_in(client, people.coordinator)
    pk = world.partnership.pk
    edit = {"title": "Samenwerking", "end_on": "2026-12-31", "signed_on": "2025-05-27", "start_on": "2025-06-01"}
    assert client.post(f"/afspraken/{pk}/bewerken/", edit).status_code == 302
    response = client.post(f"/afspraken/{pk}/verlengen/", {"new_end": "2026-01-01", "decided_on": "2026-11-01"})
    assert response.context["form"].errors["new_end"]
    assert client.post(f"/afspraken/{pk}/verlengen/", {"new_end": "2028-12-31", "decided_on": "2026-11-01",
                                                      "note": "Twee jaar"}).status_code == 302
    world.partnership.refresh_from_db()
    assert world.partnership.status == "extended"
    assert client.post(f"/afspraken/{pk}/toezeggingen/nieuw/", {"kind": "substantive", "theme": "double_work",
                                                               "text": "Dubbel werk voorkomen."}).status_code == 302
    assert client.post(f"/afspraken/{pk}/besluitenlijsten/nieuw/", {
        "meeting_on": "2026-02-01", "title": "MT", "participants": [network.de_kern.pk],
        "decisions": "Besloten."}).status_code == 302
    log = world.partnership.decision_logs.get(title="MT")
    assert client.post(f"/afspraken/besluitenlijsten/{log.pk}/acties/nieuw/", {
        "action": "Uitwerken", "owner": network.de_kern.pk, "due_on": "2026-03-01"}).status_code == 302
    assert client.post(f"/afspraken/acties/{world.follow_up.pk}/", {"status": "done"}).status_code == 302
    assert client.post(f"/afspraken/{pk}/status/", {"status": "ended", "note": "Klaar"}).status_code == 302


def test_accession_flow_on_the_web(client, people, network, world):
    world.accession.delete()
    sign_in(client, people.coordinator)
    response = client.post(f"/afspraken/{world.alliance.pk}/aansluiten/",
                           {"organisation": network.de_kern.pk, "motivation": "Graag"})
    assert response.status_code == 302
    request = AccessionRequest.objects.get(agreement=world.alliance, organisation=network.de_kern)
    mee_party = Party.objects.get(agreement=world.alliance, organisation=network.mee)
    client.logout()
    sign_in(client, people.mee_coordinator)
    assert client.post(f"/afspraken/aansluitverzoeken/{request.pk}/",
                       {"party": mee_party.pk, "approve": "yes"}).status_code == 302
    other = Party.objects.get(agreement=world.alliance, organisation=world.meierij)
    response = client.post(f"/afspraken/aansluitverzoeken/{request.pk}/", {"party": other.pk, "approve": "yes"})
    assert response.status_code == 200 and response.context["form"].errors["party"]


def test_assignment_page_shows_work_plan_and_results(client, people, world):
    sign_in(client, people.policy)
    response = client.get(f"/afspraken/opdrachten/{world.assignment.pk}/")
    page = response.content.decode()
    assert "Meer dan de som der delen" in page and "Passend onderwijs" in page
    assert 'data-testid="report-link"' in page
    assert response.context["lead"].organisation.name == "De Kern"
    assert {r.indicator for r in response.context["results"]} == {"help_requests", "trainings_given"}


def test_report_link_is_guarded_when_the_report_page_is_missing(client, people, world, monkeypatch):
    def missing(*args, **kwargs):
        raise NoReverseMatch("no reports yet")

    monkeypatch.setattr(views, "reverse", missing)
    assert views.report_url(world.assignment.pk) is None
    monkeypatch.undo()
    sign_in(client, people.professional)
    assert client.get(f"/afspraken/opdrachten/{world.assignment.pk}/").status_code == 200


def test_result_agreement_form_inline_errors_and_manual_value(client, people, world):
    sign_in(client, people.policy)
    before = ResultAgreement.objects.count()
    response = client.post(f"/afspraken/opdrachten/{world.assignment.pk}/resultaatafspraken/nieuw/", {
        "indicator": "satisfaction", "period_start": "2026-01-01", "period_end": "2025-12-31"})
    errors = response.context["form"].errors
    assert {"target", "period_end", "responsible_party"} <= set(errors)
    assert ResultAgreement.objects.count() == before
    response = client.post(f"/afspraken/opdrachten/{world.assignment.pk}/resultaatafspraken/nieuw/", {
        "indicator": "satisfaction", "target": "7.5", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "responsible_party": world.lead.pk, "sub_assignment": world.sub.pk})
    assert response.status_code == 302
    assert client.post(f"/afspraken/resultaatafspraken/{world.computed.pk}/bewerken/", {
        "indicator": "help_requests", "target": "500", "period_start": "2026-01-01", "period_end": "2026-12-31",
        "responsible_party": world.lead.pk}).status_code == 302
    assert client.post(f"/afspraken/opdrachten/{world.assignment.pk}/werkplannen/nieuw/",
                       {"title": "Werkplan 2027"}).status_code == 302
    assert client.post(f"/afspraken/werkplannen/{world.work_plan.pk}/deelopdrachten/nieuw/",
                       {"title": "Schuldhulp", "responsible_party": world.meierij_party.pk}).status_code == 302
    assert client.post(f"/afspraken/opdrachten/{world.assignment.pk}/bewerken/",
                       {"reporting_frequency": "yearly"}).status_code == 302
    assert client.post(f"/afspraken/resultaatafspraken/{world.manual.pk}/waarden/nieuw/", {
        "period_start": "2026-01-01", "period_end": "2026-03-31", "value": "2"}).status_code == 302


def _add(network, start: int, count: int):
    for i in range(start, start + count):
        organisation = Organisation.objects.create(name=f"Partner {i:03d}", kind="welfare")
        agreement = services.create_agreement(
            SYSTEM, kind="assignment", title=f"Opdracht {i:03d}", municipality=network.meierijstad,
            parties=[{"organisation": organisation}, {"organisation": network.de_kern}])
        services.create_agreement(SYSTEM, kind="partnership", title=f"Alliantie {i:03d}", open_alliance=True,
                                  parties=[{"organisation": organisation}])
        services.add_result_agreement(SYSTEM, agreement.assignment, indicator="help_requests", target=1,
                                      period_start=date(2026, 1, 1), period_end=date(2026, 3, 1),
                                      responsible_party=agreement.parties.first())


@pytest.mark.parametrize("path", ["/afspraken/", "/afspraken/open-allianties/", "/afspraken/opdrachten/"])
def test_list_pages_use_a_constant_number_of_queries(client, people, network, world, path,
                                                     django_assert_max_num_queries):
    sign_in(client, people.professional)
    _add(network, 0, 2)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    _add(network, 2, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)
    with django_assert_max_num_queries(16):
        client.get(path)


def test_detail_pages_use_a_constant_number_of_queries(client, people, network, world):
    sign_in(client, people.policy)
    paths = [f"/afspraken/{world.partnership.pk}/", f"/afspraken/opdrachten/{world.assignment.pk}/"]
    counts = []
    for path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as few:
            client.get(path)
        counts.append(len(few))
    for i in range(4):
        services.add_sub_assignment(SYSTEM, world.work_plan, title=f"Deel {i}", responsible_party=world.lead)
        services.add_result_agreement(SYSTEM, world.assignment, indicator="activities_held", target=3,
                                      period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
                                      responsible_party=world.lead)
        log = services.add_decision_log(SYSTEM, world.partnership, meeting_on=date(2025, 6, 1), title=f"MT {i}",
                                        decisions="Besloten", participants=[network.de_kern])
        services.add_follow_up(SYSTEM, log, action="Doen", owner=network.de_kern, due_on=date(2025, 7, 1))
        services.add_commitment(SYSTEM, world.partnership, kind="practical", text=f"Afspraak {i}")
    for path, before in zip(paths, counts):
        with CaptureQueriesContext(connection) as many:
            client.get(path)
        assert len(many) == before, path
