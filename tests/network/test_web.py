"""Web pages of the partner network: reading, filtering, editing, bad input, and query counts."""

from __future__ import annotations

import pytest

from samenkracht.network.models import Location, Municipality, Organisation, ServiceArea, Team
from tests.conftest import sign_in


def organisation_form(**overrides):
    data = {"name": "Buurtkracht Stadshagen", "kind": "citizen_initiative", "informal": "on", "kvk_number": "",
            "municipality": "", "description": "", "website": "", "email": "", "phone": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_organisation_list_filters_by_municipality_served(client, people, network):
    sign_in(client, people.professional)
    response = client.get("/netwerk/organisaties/", {"serves": network.twenterand.pk})
    names = [o.name for o in response.context["page"]]
    assert names == ["De Kern"]
    response = client.get("/netwerk/organisaties/", {"serves": network.kampen.pk})
    assert [o.name for o in response.context["page"]] == ["De Kern", "MEE IJsseloevers"]


def test_organisation_list_filters_by_kind_and_text(client, people, network):
    sign_in(client, people.professional)
    response = client.get("/netwerk/organisaties/", {"kind": "municipality"})
    assert {o.name for o in response.context["page"]} == {"Gemeente Zwolle", "Gemeente Meierijstad"}
    response = client.get("/netwerk/organisaties/", {"q": "ijssel"})
    assert [o.name for o in response.context["page"]] == ["MEE IJsseloevers"]


def test_invalid_filter_is_ignored_not_an_error(client, people, network):
    sign_in(client, people.professional)
    response = client.get("/netwerk/organisaties/", {"kind": "bogus", "serves": "999999"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("path", ["/netwerk/organisaties/", "/netwerk/teams/", "/netwerk/locaties/",
                                  "/netwerk/gemeenten/", "/netwerk/regios/"])
def test_list_pages_use_a_constant_number_of_queries(client, people, network, path, django_assert_num_queries):
    sign_in(client, people.professional)

    def add_rows(start: int, count: int):
        for i in range(start, start + count):
            organisation = Organisation.objects.create(name=f"Organisatie {i:03d}", kind="welfare")
            ServiceArea.objects.create(organisation=organisation, municipality=network.kampen)
            location = Location.objects.create(name=f"Locatie {i:03d}", street="Markt", house_number=str(i),
                                               postcode="8011AA", city="Zwolle", municipality=network.zwolle)
            location.organisations.add(organisation)
            team = Team.objects.create(name=f"Team {i:03d}", kind="neighbourhood_team", municipality=network.zwolle)
            team.organisations.add(organisation)
            Municipality.objects.create(code=f"GM9{i:03d}", name=f"Gemeente {i:03d}")

    add_rows(0, 2)
    client.get(path)  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    add_rows(2, 20)
    with django_assert_num_queries(len(few)):
        assert client.get(path).status_code == 200


def test_admin_creates_an_informal_initiative(client, people, network):
    sign_in(client, people.admin)
    response = client.post("/netwerk/organisaties/nieuw/", organisation_form())
    created = Organisation.objects.get(name="Buurtkracht Stadshagen")
    assert response.status_code == 302 and response["Location"] == f"/netwerk/organisaties/{created.pk}/"
    assert created.informal and created.kind == "citizen_initiative"


@pytest.mark.parametrize("overrides, field", [
    ({"name": "de kern"}, "name"),                       # duplicate, differing only in case
    ({"name": "x" * 151}, "name"),                       # overlong
    ({"kvk_number": "1234", "informal": None}, "kvk_number"),
    ({"kvk_number": "abcdefgh", "informal": None}, "kvk_number"),
    ({"kvk_number": "12345678"}, "kvk_number"),          # informal initiative with a KvK number
    ({"kind": "bogus"}, "kind"),
    ({"description": "x" * 2001}, "description"),
    ({"email": "not-an-address"}, "email"),
    ({"municipality": "999999"}, "municipality"),
])
def test_bad_organisation_input_is_shown_inline_and_saves_nothing(client, people, network, overrides, field):
    sign_in(client, people.admin)
    before = Organisation.objects.count()
    response = client.post("/netwerk/organisaties/nieuw/", organisation_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="errorlist"' in response.content.decode()
    assert Organisation.objects.count() == before


def test_coordinator_edits_own_organisation(client, people, network):
    sign_in(client, people.coordinator)
    data = organisation_form(name="De Kern", kind="social_work", informal=None, kvk_number="12345678",
                             municipality=str(network.zwolle.pk), phone="038-1234567")
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/bewerken/", data)
    assert response.status_code == 302
    network.de_kern.refresh_from_db()
    assert network.de_kern.kvk_number == "12345678" and network.de_kern.phone == "038-1234567"


def test_coordinator_cannot_edit_another_organisation(client, people, network):
    sign_in(client, people.coordinator)
    data = organisation_form(name="MEE gekaapt", kind="client_support", informal=None)
    response = client.post(f"/netwerk/organisaties/{network.mee.pk}/bewerken/", data)
    assert response.status_code == 403
    network.mee.refresh_from_db()
    assert network.mee.name == "MEE IJsseloevers"


def test_coordinator_sets_service_area_with_a_neighbourhood(client, people, network):
    sign_in(client, people.coordinator)
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/werkgebied/",
                           {"municipalities": [network.kampen.pk], "neighbourhoods": [network.stadshagen.pk]})
    assert response.status_code == 302
    areas = {(a.municipality.name, a.neighbourhood and a.neighbourhood.name)
             for a in network.de_kern.service_areas.select_related("municipality", "neighbourhood")}
    assert areas == {("Kampen", None), ("Zwolle", "Stadshagen")}


def test_service_area_rejects_a_neighbourhood_inside_a_whole_municipality(client, people, network):
    sign_in(client, people.coordinator)
    before = set(network.de_kern.service_areas.values_list("municipality_id", flat=True))
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/werkgebied/",
                           {"municipalities": [network.zwolle.pk], "neighbourhoods": [network.stadshagen.pk]})
    assert response.status_code == 200
    assert "neighbourhoods" in response.context["form"].errors
    assert set(network.de_kern.service_areas.values_list("municipality_id", flat=True)) == before


def test_overlap_page_lists_municipalities_served_by_all(client, people, network):
    sign_in(client, people.professional)
    response = client.get("/netwerk/organisaties/overlap/", {"organisations": [network.de_kern.pk, network.mee.pk]})
    assert [m.name for m in response.context["result"]] == ["Deventer", "Kampen", "Zwolle"]
    response = client.get("/netwerk/organisaties/overlap/", {"organisations": [network.de_kern.pk]})
    assert response.context["result"] is None and response.context["form"].errors


def test_municipality_page_answers_who_serves_it(client, people, network):
    sign_in(client, people.policy)
    response = client.get(f"/netwerk/gemeenten/{network.kampen.code}/")
    assert [o.name for o in response.context["organisations"]] == ["De Kern", "MEE IJsseloevers"]


def location_form(network, **overrides):
    data = {"name": "Huis van de Wijk", "street": "Dorpsstraat", "house_number": "5", "postcode": "8011 ab",
            "city": "Zwolle", "municipality": network.zwolle.pk, "neighbourhood": "", "description": "",
            "organisations": [network.de_kern.pk]}
    data.update(overrides)
    return data


def test_coordinator_adds_a_shared_location_with_normalised_postcode(client, people, network):
    sign_in(client, people.coordinator)
    response = client.post("/netwerk/locaties/nieuw/", location_form(network))
    assert response.status_code == 302
    assert Location.objects.get(name="Huis van de Wijk").postcode == "8011AB"


@pytest.mark.parametrize("postcode", ["801 AB", "0123AB", "8011 A", "8011SS", "ABCD12", ""])
def test_bad_postcode_is_refused_inline(client, people, network, postcode):
    sign_in(client, people.coordinator)
    response = client.post("/netwerk/locaties/nieuw/", location_form(network, postcode=postcode))
    assert response.status_code == 200
    assert "postcode" in response.context["form"].errors
    assert not Location.objects.filter(name="Huis van de Wijk").exists()


def test_coordinator_cannot_put_another_organisation_under_a_roof(client, people, network):
    sign_in(client, people.coordinator)
    response = client.post("/netwerk/locaties/nieuw/", location_form(network, organisations=[network.mee.pk]))
    assert response.status_code == 403
    assert not Location.objects.filter(name="Huis van de Wijk").exists()


def test_team_with_neighbourhood_elsewhere_is_refused(client, people, network):
    sign_in(client, people.admin)
    response = client.post("/netwerk/teams/nieuw/", {
        "name": "Wijkteam Kampen", "kind": "neighbourhood_team", "municipality": network.kampen.pk,
        "neighbourhoods": [network.stadshagen.pk], "organisations": [network.de_kern.pk], "description": "",
    })
    assert response.status_code == 200
    assert "neighbourhoods" in response.context["form"].errors
    assert not Team.objects.filter(name="Wijkteam Kampen").exists()


def test_admin_creates_a_team_of_several_organisations(client, people, network):
    sign_in(client, people.admin)
    response = client.post("/netwerk/teams/nieuw/", {
        "name": "Wijkteam Stadshagen", "kind": "neighbourhood_team", "municipality": network.zwolle.pk,
        "neighbourhoods": [network.stadshagen.pk], "organisations": [network.de_kern.pk, network.mee.pk],
        "description": "",
    })
    assert response.status_code == 302
    team = Team.objects.get(name="Wijkteam Stadshagen")
    assert set(team.organisations.values_list("name", flat=True)) == {"De Kern", "MEE IJsseloevers"}


def test_page_shows_accessibility_landmarks(client, people, network):
    sign_in(client, people.professional)
    html = client.get("/netwerk/organisaties/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and "<nav aria-label=" in html and '<html lang="nl">' in html
    assert "<th scope=\"col\">" in html
