"""Web pages of the social map: the public search, the professional view, maintenance and review.

Every allowed action has a forbidden one beside it; bad input shows inline errors and saves nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from samenkracht.network.models import Neighbourhood, Organisation
from samenkracht.socialmap import services
from samenkracht.socialmap.models import Publication, Service, ServiceChange
from tests.conftest import sign_in
from tests.socialmap.helpers import SYSTEM, make_service, person, service_form_data, social_map_state

SEARCH = "/sociale-kaart/"
PROFESSIONAL = "/sociale-kaart/zoeken/"


def names(response) -> list[str]:
    return [service.name for service in response.context["result"].items]


def dashboard_url(organisation) -> str:
    return f"/sociale-kaart/organisatie/{organisation.pk}/"


# --- The two journeys of the issue ---------------------------------------------------------------


def test_resident_finds_the_geheugenhuis_near_a_huizen_postcode_by_typing_vergeetachtig(client, demo):
    postcode = Neighbourhood.objects.get(municipality__name="Huizen", name="Centrum").postcode
    response = client.get(SEARCH, {"q": "vergeetachtig", "postcode": postcode})
    assert response.status_code == 200
    found = response.context["result"].items
    assert found[0].name == "Het GeheugenHuis"
    assert found[0].distance_km is not None and found[0].distance_km < 2
    html = response.content.decode()
    assert 'data-testid="distance"' in html


def test_professional_filters_open_access_financien_services_in_meierijstad(client, people, demo):
    sign_in(client, people.professional)
    response = client.get(PROFESSIONAL, {"life_domain": "financien", "municipality": "GM1948", "access_type": "open"})
    assert response.status_code == 200
    assert set(names(response)) == {"Werkplaats Financiën", "Thuisadministratie Meierijstad"}
    assert "Schuldhulpverlening gemeente Meierijstad" not in names(response)  # needs a municipal decision
    everything = client.get(PROFESSIONAL, {"life_domain": "financien", "municipality": "GM1948"})
    assert "Schuldhulpverlening gemeente Meierijstad" in names(everything)


# --- Public search ------------------------------------------------------------------------------------


def test_public_search_needs_no_account_and_works_as_a_plain_get_form(client, network):
    make_service(network.de_kern, name="Op Orde")
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<form method="get" action="/sociale-kaart/"[^>]*role="search"', html)
    assert "Op Orde" in html and "<script" not in html
    assert '<a href="/sociale-kaart/">' in html  # the public header link


def test_facet_counts_are_filter_links_that_keep_the_question(client, network):
    make_service(network.de_kern, name="Op Orde")
    make_service(network.de_kern, name="Samen eten", life_domains=[], description="Samen eten in de wijk.")
    response = client.get(SEARCH, {"age": "40"})
    groups = {group["key"]: group for group in response.context["facet_groups"]}
    finance = next(item for item in groups["life_domains"]["items"] if item["label"] == "Financiën")
    assert finance["count"] == 1
    assert "life_domain=financien" in finance["url"] and "age=40" in finance["url"]
    assert f'href="{finance["url"].replace("&", "&amp;")}"' in response.content.decode()

    filtered = client.get(SEARCH + finance["url"])
    assert names(filtered) == ["Op Orde"]
    active = next(g for g in filtered.context["facet_groups"] if g["key"] == "life_domains")
    assert [item["label"] for item in active["items"] if item["active"]] == ["Financiën"]
    assert active["clear_url"] == "?age=40"
    assert 'aria-current="true"' in filtered.content.decode()


def test_results_are_paged_with_links_that_keep_the_filters(client, network):
    for number in range(25):
        make_service(network.de_kern, name=f"Spreekuur {number:02d}")
    response = client.get(SEARCH, {"life_domain": "financien"})
    assert len(names(response)) == 20 and response.context["result"].total == 25
    pages = response.context["pages"]
    assert pages["next"] and "life_domain=financien" in pages["next"] and pages["previous"] is None
    second = client.get(SEARCH + pages["next"])
    assert len(names(second)) == 5 and second.context["pages"]["previous"]
    assert 'start="21"' in second.content.decode()


def test_bad_filters_are_shown_and_left_out(client, network):
    make_service(network.de_kern, name="Op Orde")
    response = client.get(SEARCH, {"postcode": "12345", "age": "200", "life_domain": "bogus"})
    assert response.status_code == 200
    assert {"postcode", "age", "life_domain"} <= set(response.context["form"].errors)
    assert names(response) == ["Op Orde"]


def test_public_detail_shows_only_what_residents_may_see(client, network, people):
    published = make_service(network.de_kern, name="Op Orde")
    draft = make_service(network.de_kern, name="Concept", submit=False)
    defunct = make_service(network.de_kern, name="Gestopt")
    services.set_status(SYSTEM, defunct, "defunct")
    assert client.get(f"/sociale-kaart/aanbod/{published.pk}/").status_code == 200
    assert client.get(f"/sociale-kaart/aanbod/{draft.pk}/").status_code == 404
    assert client.get(f"/sociale-kaart/aanbod/{defunct.pk}/").status_code == 404
    sign_in(client, people.coordinator)
    response = client.get(f"/sociale-kaart/aanbod/{draft.pk}/")
    assert response.status_code == 200 and 'data-testid="not-public"' in response.content.decode()


def test_detail_shows_opening_hours_in_an_accessible_table(client, network):
    service = make_service(network.de_kern, name="Op Orde")
    html = client.get(f"/sociale-kaart/aanbod/{service.pk}/").content.decode()
    assert "<caption" in html and '<th scope="col">' in html and '<th scope="row">' in html
    assert "09:00" in html and "12:00" in html


# --- Text from outside is never markup ---------------------------------------------------------------

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


def test_html_and_script_in_a_service_are_escaped_on_every_page(client, network, people):
    service = make_service(
        network.de_kern, name=f"Spreekuur {SCRIPT}", description=f"Welkom!\n{SCRIPT}\nTot ziens.",
        alternate_name=SCRIPT, eligibility_description=SCRIPT, application_process=SCRIPT, fees_description=SCRIPT,
        tags=["<b>vet</b>"], url="https://example.org/?a=<script>",
    )
    services.update_service(SYSTEM, service, phone="<script>1</script>")

    def assert_escaped(path):
        html = client.get(path).content.decode()
        assert "<script>alert" not in html and "<script>1" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path
        return html

    assert_escaped(SEARCH + "?q=spreekuur")
    detail = assert_escaped(f"/sociale-kaart/aanbod/{service.pk}/")
    assert "<p>Welkom!<br>&lt;script&gt;" in detail  # line breaks kept, markup escaped

    sign_in(client, people.coordinator)
    for path in [PROFESSIONAL + "?q=spreekuur", dashboard_url(network.de_kern),
                 f"/sociale-kaart/aanbod/{service.pk}/geschiedenis/", f"/sociale-kaart/aanbod/{service.pk}/bewerken/"]:
        assert_escaped(path)
    client.logout()
    sign_in(client, people.policy)
    services.update_service(SYSTEM, service, description=f"Nieuw {SCRIPT}")
    assert_escaped("/sociale-kaart/beoordelen/")


def test_a_javascript_link_is_never_rendered_as_a_link(client, network):
    service = make_service(network.de_kern, name="Op Orde")
    Service.objects.filter(pk=service.pk).update(url="javascript:alert(1)")  # as a careless import might
    html = client.get(f"/sociale-kaart/aanbod/{service.pk}/").content.decode()
    assert 'href="javascript:' not in html


# --- Professional view ---------------------------------------------------------------------------------


def test_professional_view_shows_access_provider_last_confirmed_and_stale(client, network, people):
    make_service(network.de_kern, name="Oud spreekuur", assured_date=timezone.localdate() - timedelta(days=300))
    sign_in(client, people.professional)
    response = client.get(PROFESSIONAL)
    html = response.content.decode()
    assert "Oud spreekuur" in html and "De Kern" in html
    assert 'data-testid="stale"' in html
    assert "<caption" in html and 'scope="col"' in html


def test_only_reviewers_may_include_unpublished_services(client, network, people):
    make_service(network.de_kern, name="Concept", submit=False)
    sign_in(client, people.professional)
    response = client.get(PROFESSIONAL, {"include_unpublished": "on"})
    assert "Concept" not in names(response)
    assert "include_unpublished" not in response.context["form"].fields
    client.logout()
    sign_in(client, people.policy)
    assert "Concept" in names(client.get(PROFESSIONAL, {"include_unpublished": "on"}))
    assert "Concept" not in names(client.get(PROFESSIONAL))


def test_outsider_without_a_role_gets_no_professional_view(client, people, network):
    sign_in(client, people.outsider)
    assert client.get(PROFESSIONAL).status_code == 403
    assert client.get(SEARCH).status_code == 200


def test_navigation_links_to_the_social_map(client, people, network):
    html = client.get(SEARCH).content.decode()
    assert f'<a href="{SEARCH}">' in html
    sign_in(client, people.professional)
    html = client.get("/").content.decode()
    assert f'<a href="{PROFESSIONAL}">' in html


# --- Dashboard and one-click confirm ---------------------------------------------------------------------


def test_dashboard_lists_stale_services_first_with_a_one_click_confirm(client, network, people):
    today = timezone.localdate()
    make_service(network.de_kern, name="A actueel")
    make_service(network.de_kern, name="B heel oud", assured_date=today - timedelta(days=400))
    old = make_service(network.de_kern, name="C oud", assured_date=today - timedelta(days=200))
    make_service(network.mee, name="Van MEE", assured_date=today - timedelta(days=400))
    sign_in(client, people.coordinator)
    response = client.get(dashboard_url(network.de_kern))
    assert [s.name for s in response.context["stale"]] == ["B heel oud", "C oud"]
    assert [s.name for s in response.context["current"]] == ["A actueel"]
    html = response.content.decode()
    assert html.index("B heel oud") < html.index("A actueel")
    assert html.count('data-testid="confirm"') == 2

    response = client.post(f"/sociale-kaart/aanbod/{old.pk}/bevestigen/", {"next": dashboard_url(network.de_kern)})
    assert response.status_code == 302 and response["Location"] == dashboard_url(network.de_kern)
    old.refresh_from_db()
    assert old.assured_date == today and old.assurer == people.coordinator
    assert [s.name for s in client.get(dashboard_url(network.de_kern)).context["stale"]] == ["B heel oud"]


def test_confirm_is_refused_for_another_organisation_and_for_anonymous_visitors(client, network, people):
    old = timezone.localdate() - timedelta(days=400)
    service = make_service(network.mee, name="Van MEE", assured_date=old)
    assert client.post(f"/sociale-kaart/aanbod/{service.pk}/bevestigen/").status_code == 302  # to the login
    sign_in(client, people.coordinator)
    assert client.post(f"/sociale-kaart/aanbod/{service.pk}/bevestigen/").status_code == 403
    service.refresh_from_db()
    assert service.assured_date == old


def test_confirm_does_not_redirect_to_another_site(client, network, people):
    service = make_service(network.de_kern)
    sign_in(client, people.coordinator)
    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/bevestigen/", {"next": "https://evil.example/"})
    assert response["Location"] == dashboard_url(network.de_kern)


# --- Creating and editing --------------------------------------------------------------------------------


def test_coordinator_creates_a_draft_and_submits_it_for_review(client, network, people):
    sign_in(client, people.coordinator)
    url = f"/sociale-kaart/organisatie/{network.de_kern.pk}/nieuw/"
    response = client.post(url, service_form_data(action="draft", municipalities=[network.zwolle.pk]))
    service = Service.objects.get(name="Formulierenhulp Stadshagen")
    assert response.status_code == 302 and response["Location"] == f"/sociale-kaart/aanbod/{service.pk}/"
    assert service.publication == Publication.DRAFT and service.languages == ["nl", "en"]
    assert service.tags == ["formulieren", "brieven"]
    assert [s.weekday for s in service.schedules.all()] == [3]
    assert [c.municipality for c in service.coverage.all()] == [network.zwolle]

    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/indienen/")
    service.refresh_from_db()
    assert service.publication == Publication.PENDING_REVIEW


def test_submit_is_refused_for_another_organisation(client, network, people):
    draft = make_service(network.mee, submit=False)
    sign_in(client, people.coordinator)
    assert client.post(f"/sociale-kaart/aanbod/{draft.pk}/indienen/").status_code == 403
    draft.refresh_from_db()
    assert draft.publication == Publication.DRAFT


def test_admin_publishes_directly(client, network, people):
    sign_in(client, people.admin)
    client.post(f"/sociale-kaart/organisatie/{network.de_kern.pk}/nieuw/", service_form_data(action="submit"))
    assert Service.objects.get(name="Formulierenhulp Stadshagen").publication == Publication.PUBLISHED


def test_coordinator_cannot_create_for_another_organisation(client, network, people):
    sign_in(client, people.coordinator)
    before = social_map_state()
    response = client.post(f"/sociale-kaart/organisatie/{network.mee.pk}/nieuw/", service_form_data())
    assert response.status_code == 403
    assert social_map_state() == before


@pytest.mark.parametrize("overrides, field", [
    ({"minimum_age": "65", "maximum_age": "18"}, "maximum_age"),
    ({"cost_kind": "amount", "cost_amount": "-5"}, "cost_amount"),
    ({"cost_kind": "free", "cost_amount": "5"}, "cost_amount"),
    ({"languages": "nl, xx"}, "languages"),
    ({"languages": "nederlands"}, "languages"),
    ({"name": "x" * 201}, "name"),
    ({"name": ""}, "name"),
    ({"life_domains": ["bogus"]}, "life_domains"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"tags": ", ".join(f"woord{i}" for i in range(25))}, "tags"),
])
def test_bad_service_input_is_shown_inline_and_saves_nothing(client, network, people, overrides, field):
    sign_in(client, people.coordinator)
    before = social_map_state()
    response = client.post(f"/sociale-kaart/organisatie/{network.de_kern.pk}/nieuw/", service_form_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="errorlist"' in html and 'aria-invalid="true"' in html
    assert social_map_state() == before


@pytest.mark.parametrize("overrides", [
    {"schedules-0-opens_at": "14:00", "schedules-0-closes_at": "09:00"},   # closing before opening
    {"schedules-0-weekday": "9"},                                          # no such day
    {"schedules-0-opens_at": "25:00"},                                     # no such time
])
def test_bad_opening_hours_are_shown_inline_and_save_nothing(client, network, people, overrides):
    sign_in(client, people.coordinator)
    before = social_map_state()
    response = client.post(f"/sociale-kaart/organisatie/{network.de_kern.pk}/nieuw/", service_form_data(**overrides))
    assert response.status_code == 200
    assert response.context["schedules"].errors[0]
    assert 'class="errorlist"' in response.content.decode()
    assert social_map_state() == before


def test_editing_records_history_and_keeps_publication(client, network, people):
    service = make_service(network.de_kern, name="Op Orde")
    sign_in(client, people.coordinator)
    data = service_form_data(name="Op Orde Zwolle", municipalities=[network.zwolle.pk], languages="nl",
                             **{"schedules-TOTAL_FORMS": "3", "schedules-INITIAL_FORMS": "1",
                                "schedules-0-weekday": "2", "schedules-0-opens_at": "09:00",
                                "schedules-0-closes_at": "12:00", "schedules-2-weekday": "",
                                "schedules-2-opens_at": "", "schedules-2-closes_at": "",
                                "schedules-2-description": ""})
    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/bewerken/", data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Op Orde Zwolle" and service.publication == Publication.PUBLISHED
    fields = set(ServiceChange.objects.filter(service=service, changed_by=people.coordinator)
                 .values_list("field", flat=True))
    assert "name" in fields and "description" in fields and "coverage" not in fields
    history = client.get(f"/sociale-kaart/aanbod/{service.pk}/geschiedenis/").content.decode()
    assert "Op Orde Zwolle" in history and "Cas Coördinator" in history


def test_edit_form_shows_current_values(client, network, people):
    service = make_service(network.de_kern, name="Op Orde", languages=["nl", "ar"], tags=["post", "brieven"])
    sign_in(client, people.coordinator)
    response = client.get(f"/sociale-kaart/aanbod/{service.pk}/bewerken/")
    html = response.content.decode()
    assert 'value="nl, ar"' in html and 'value="post, brieven"' in html
    assert response.context["schedules"].initial[0]["weekday"] == 2


def test_editing_another_organisations_service_is_refused(client, network, people):
    service = make_service(network.mee, name="Van MEE")
    sign_in(client, people.coordinator)
    before = social_map_state()
    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/bewerken/", service_form_data(name="Gekaapt"))
    assert response.status_code == 403
    assert client.post(f"/sociale-kaart/aanbod/{service.pk}/status/", {"status": "defunct"}).status_code == 403
    assert social_map_state() == before


def test_status_page_closes_a_service_temporarily(client, network, people):
    service = make_service(network.de_kern)
    sign_in(client, people.coordinator)
    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/status/", {"status": "temporarily closed"})
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == "temporarily closed"
    response = client.post(f"/sociale-kaart/aanbod/{service.pk}/status/", {"status": "gone"})
    assert response.status_code == 200 and "status" in response.context["form"].errors


# --- Review -----------------------------------------------------------------------------------------------


def test_reviewer_approves_from_the_queue_and_coordinator_cannot(client, network, people):
    pending = make_service(network.de_kern, actor=person(people.coordinator), submit=True, name="Nieuw")
    sign_in(client, people.coordinator)
    assert client.post(f"/sociale-kaart/aanbod/{pending.pk}/goedkeuren/").status_code == 403
    client.logout()
    sign_in(client, people.policy)
    queue = client.get("/sociale-kaart/beoordelen/")
    assert [s.name for s in queue.context["pending"]] == ["Nieuw"]
    response = client.post(f"/sociale-kaart/aanbod/{pending.pk}/goedkeuren/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.publication == Publication.PUBLISHED


def test_reviewer_sends_back_with_a_note_that_the_coordinator_sees(client, network, people):
    pending = make_service(network.de_kern, actor=person(people.coordinator), submit=True, name="Nieuw")
    sign_in(client, people.admin)
    url = f"/sociale-kaart/aanbod/{pending.pk}/terugsturen/"
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    pending.refresh_from_db()
    assert pending.publication == Publication.PENDING_REVIEW
    response = client.post(url, {"note": "Vermeld de kosten."})
    assert response.status_code == 302
    client.logout()
    sign_in(client, people.coordinator)
    html = client.get(dashboard_url(network.de_kern)).content.decode()
    assert "Vermeld de kosten." in html and 'data-testid="submit"' in html


def test_review_queue_shows_recent_changes_of_published_services(client, network, people):
    service = make_service(network.mee, name="Van MEE")
    services.update_service(person(people.mee_coordinator), service, description="Nieuwe tekst")
    sign_in(client, people.policy)
    response = client.get("/sociale-kaart/beoordelen/")
    changes = response.context["changes"]
    assert any(c.field == "description" and c.new_value == "Nieuwe tekst" for c in changes)
    assert "Mia Coördinator" in response.content.decode()


def test_history_is_for_maintainers_and_reviewers_only(client, network, people):
    service = make_service(network.de_kern)
    sign_in(client, people.professional)
    assert client.get(f"/sociale-kaart/aanbod/{service.pk}/geschiedenis/").status_code == 403


# --- Constant number of queries on every list page ------------------------------------------------------


def _fill(network, start: int, count: int) -> None:
    for number in range(start, start + count):
        organisation = network.de_kern if number % 2 else Organisation.objects.get_or_create(
            name=f"Initiatief {number:03d}", kind="citizen_initiative", informal=True)[0]
        service = make_service(organisation, name=f"Dienst {number:03d}", municipalities=[network.zwolle],
                               assured_date=timezone.localdate() - timedelta(days=10 * number))
        services.update_service(SYSTEM, service, description=f"Nieuwe tekst {number}")
        make_service(network.de_kern, actor=person_for_pending(network), submit=True, name=f"Wacht {number:03d}")


def person_for_pending(network):
    from tests.socialmap.helpers import writer_token

    return writer_token(network.de_kern)


@pytest.mark.parametrize("path, who", [
    (SEARCH, None),
    (SEARCH + "?q=dienst&postcode=8011AA&life_domain=financien", None),
    (PROFESSIONAL, "policy"),
    (PROFESSIONAL + "?include_unpublished=on&municipality=GM0193", "policy"),
    ("dashboard", "coordinator"),
    ("/sociale-kaart/beoordelen/", "admin"),
    ("history", "coordinator"),
])
def test_list_pages_use_a_constant_number_of_queries(client, network, people, path, who, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if who:
        sign_in(client, people.by_name(who))
    first = make_service(network.de_kern, name="Eerste")
    if path == "dashboard":
        path = dashboard_url(network.de_kern)
    if path == "history":
        path = f"/sociale-kaart/aanbod/{first.pk}/geschiedenis/"

    def grow(start, count):
        _fill(network, start, count)
        for number in range(start, start + count):
            services.update_service(SYSTEM, first, description=f"Versie {number}")

    grow(0, 5)
    client.get(path)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    grow(5, 25)
    with django_assert_num_queries(len(few)):
        assert client.get(path).status_code == 200


# --- Admin -------------------------------------------------------------------------------------------------


def test_admin_shows_services_read_only_to_functional_administrators(client, network, people):
    service = make_service(network.de_kern, name="Op Orde")
    sign_in(client, people.admin)
    assert client.get("/beheer/socialmap/service/").status_code == 200
    change = client.get(f"/beheer/socialmap/service/{service.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get("/beheer/socialmap/service/add/").status_code == 403
    client.logout()
    sign_in(client, people.coordinator)
    assert client.get("/beheer/socialmap/service/").status_code in (302, 403)


def test_deleting_in_the_admin_removes_the_service_from_the_search(client, network, people):
    service = make_service(network.de_kern, name="Op Orde")
    sign_in(client, people.admin)
    response = client.post(f"/beheer/socialmap/service/{service.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
    assert client.get(SEARCH, {"q": "thuisadministratie"}).context["result"].total == 0
