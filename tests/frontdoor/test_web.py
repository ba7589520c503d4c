"""The front-door pages: one-screen registration, the worklist, a request with its household and triage."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.plans.models import Household, Person
from samenkracht.privacy.models import AccessLogEntry
from tests.conftest import sign_in
from tests.frontdoor.conftest import INVALID_BSN, VALID_BSN, member, register

WORKLIST = "/voordeur/"
NEW = "/voordeur/hulpvragen/nieuw/"


def detail(request) -> str:
    return f"/voordeur/hulpvragen/{request.pk}/"


def request_form(**fields) -> dict:
    data = {"channel": "phone", "signal_source": "", "signal_topic": "",
            "question": "Mevrouw belt: ze redt het niet meer met de rekeningen sinds haar man overleed.",
            "life_domains": ["financien", "sociaal-netwerk"], "neighbourhood": "", "urgency": "normal",
            "contact_name": "", "contact_phone": "", "contact_email": ""}
    data.update(fields)
    return data


def members_form(*people: dict, total: int = 3, **household) -> dict:
    data = {"members-TOTAL_FORMS": str(total), "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "12", "address": "", "postcode": "", "neighbourhood": ""}
    data.update(household)
    for index in range(total):
        person = people[index] if index < len(people) else {}
        for name in ("given_name", "family_name", "date_of_birth", "phone", "email", "bsn"):
            data[f"members-{index}-{name}"] = person.get(name, "")
        data[f"members-{index}-role"] = person.get("role", "applicant" if index == 0 else "other")
    return data


def as_strings(person: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v or "") for k, v in person.items()}


# --- Registering ----------------------------------------------------------------------------------


def test_the_registration_is_one_screen_with_labels_in_conversation_order(client, front):
    sign_in(client, front.wijkcoach)
    page = client.get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    order = [html.index(f'name="{name}"') for name in
             ("channel", "signal_source", "signal_topic", "question", "life_domains", "neighbourhood", "urgency",
              "contact_name", "contact_phone", "contact_email")]
    assert order == sorted(order)
    assert html.count('type="checkbox" name="life_domains"') == 13
    for field in ("id_question", "id_neighbourhood", "id_contact_name", "id_signal_topic"):
        assert f'for="{field}"' in html  # every field has a label
    assert "tabindex" not in html.split('data-testid="request-form"')[1]  # the DOM order is the tab order
    assert "<script" not in html


def test_a_phone_request_is_registered_from_the_web(client, front):
    sign_in(client, front.wijkcoach)
    response = client.post(NEW, request_form(neighbourhood=str(front.centrum.pk), urgency="crisis",
                                             contact_phone="0546 987654"))
    created = HelpRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(created)
    assert (created.channel, created.urgency, created.team, created.neighbourhood) == (
        "phone", "crisis", front.wijkteam, front.centrum)
    page = client.get(detail(created))
    html = page.content.decode()
    assert created.reference in html and "rekeningen" in html and 'data-testid="crisis-flag"' in html
    assert 'data-testid="triage-form"' in html


def test_an_early_signal_from_a_gp(client, front):
    sign_in(client, front.wijkcoach)
    client.post(NEW, request_form(channel="signal", signal_source="gp", signal_topic="beginnende dementie"))
    assert HelpRequest.objects.get().signal_source == "gp"


@pytest.mark.parametrize("fields, field", [
    ({"channel": "signal"}, "signal_source"),
    ({"life_domains": ["financien", "geluk"]}, "life_domains"),
    ({"channel": "online_form"}, "channel"),
    ({"question": ""}, "question"),
    ({"neighbourhood": "999999"}, "neighbourhood"),
])
def test_bad_input_is_shown_inline_and_saves_nothing(client, front, fields, field):
    sign_in(client, front.wijkcoach)
    response = client.post(NEW, request_form(**fields))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_errors"' in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_someone_outside_a_team_gets_a_notice_instead_of_the_form(client, front, people):
    sign_in(client, people.professional)
    page = client.get(NEW)
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(NEW, request_form()).status_code == 200
    assert not HelpRequest.objects.exists()


# --- Worklist -------------------------------------------------------------------------------------


def test_the_worklist_shows_crises_first_with_a_flag_and_the_waiting_time(client, front):
    now = timezone.now()
    old = register(front)
    HelpRequest.objects.filter(pk=old.pk).update(registered_at=now - timedelta(days=3, hours=2),
                                                  triage_due_at=now - timedelta(hours=1))
    normal = register(front)
    crisis = register(front, urgency="crisis")
    triaged = register(front)
    Triage.objects.create(help_request=triaged, municipality=triaged.municipality, professional_a=front.wijkcoach,
                          organisation_a=front.dno, professional_b=front.wmo, organisation_b=front.gemeente,
                          outcome="advice")
    HelpRequest.objects.filter(pk=triaged.pk).update(status="triaged")
    sign_in(client, front.wmo)
    page = client.get(WORKLIST)
    html = page.content.decode()
    references = re.findall(r'data-testid="worklist-row">\s*<td><a href="[^"]+">([^<]+)</a>', html)
    assert references == [crisis.reference, old.reference, normal.reference]
    first_row = html.split('data-testid="worklist-row"')[1]
    assert 'data-testid="crisis-flag"' in first_row
    second_row = html.split('data-testid="worklist-row"')[2]
    assert "badge-overdue" in second_row
    assert "3\xa0dagen" in second_row or "3 days" in second_row or "3\xa0days" in second_row
    assert page.context["summary"].total == 3


def test_a_team_worklist_for_one_of_my_teams(client, front):
    register(front)
    sign_in(client, front.wmo)
    page = client.get(f"{WORKLIST}?team={front.wijkteam.pk}")
    assert page.status_code == 200 and page.context["summary"].total == 1
    assert client.get(f"{WORKLIST}?team={front.toegang.pk}").status_code == 403
    assert client.get(f"{WORKLIST}?team=abc").status_code == 403
    assert client.get(f"{WORKLIST}?team=99999").status_code == 404


@pytest.mark.parametrize("path", [WORKLIST, f"{WORKLIST}?team={{team}}"])
def test_the_worklist_uses_a_constant_number_of_queries(client, front, path, django_assert_num_queries):
    path = path.format(team=front.wijkteam.pk)
    sign_in(client, front.wmo)

    def add(count: int):
        for i in range(count):
            register(front, urgency=["normal", "urgent", "crisis"][i % 3],
                     life_domains=["financien", "huisvesting"][: 1 + i % 2])

    add(5)
    client.get(path)  # warm up sessions and content types
    with CaptureQueriesContext(connection) as five:
        assert client.get(path).context["summary"].total == 5
    add(25)
    with django_assert_num_queries(len(five)):
        response = client.get(path)
    assert response.context["summary"].total == 30 and len(response.context["rows"]) == 30


def test_opening_the_worklist_and_a_request_is_logged(client, front):
    request = register(front)
    sign_in(client, front.wmo)
    client.get(WORKLIST)
    client.get(detail(request))
    events = list(AccessLogEntry.objects.filter(user_id_value=front.wmo.pk).values_list("event", "subject_type",
                                                                                          "outcome"))
    assert events.count(("search", "help_request", "allowed")) == 1
    assert events.count(("read", "help_request", "allowed")) == 1


def test_a_professional_without_a_relation_is_refused_and_logged(client, front, people):
    request = register(front)
    sign_in(client, people.professional)
    for path in (detail(request), f"{detail(request)}triage/", f"{detail(request)}huishouden/"):
        assert client.get(path).status_code == 403
    assert AccessLogEntry.objects.filter(user_id_value=people.professional.pk, outcome="denied",
                                         subject_id=str(request.pk)).count() == 3


# --- Household ------------------------------------------------------------------------------------


def test_registering_the_household_from_the_request(client, front):
    request = register(front)
    sign_in(client, front.wijkcoach)
    page = client.get(f"{detail(request)}huishouden/")
    assert page.status_code == 200 and 'autocomplete="off"' in page.content.decode()
    response = client.post(f"{detail(request)}huishouden/", members_form(
        as_strings(member(bsn=VALID_BSN)), as_strings(member("Noor", "Jansma", "2016-05-05", role="child")),
        postcode="7604 BC"))
    assert response.status_code == 302 and response["Location"] == detail(request)
    household = Household.objects.get()
    assert household.members.count() == 2 and household.neighbourhood == front.noord
    html = client.get(detail(request)).content.decode()
    assert "Sanne Jansma" in html and "Noor Jansma" in html and VALID_BSN not in html


def test_an_invalid_bsn_and_a_future_birth_date_are_shown_inline_and_never_echoed(client, front, caplog):
    caplog.set_level(logging.DEBUG)
    request = register(front)
    sign_in(client, front.wijkcoach)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(f"{detail(request)}huishouden/", members_form(
        as_strings(member(bsn=INVALID_BSN)), as_strings(member("Noor", "Jansma", tomorrow, role="child"))))
    assert response.status_code == 200
    html = response.content.decode()
    formset = response.context["formset"]
    assert "bsn" in formset.forms[0].errors and "date_of_birth" in formset.forms[1].errors
    assert "elfproef" in " ".join(formset.forms[0].errors["bsn"])
    assert INVALID_BSN not in html and INVALID_BSN not in caplog.text
    assert not Household.objects.exists() and not Person.objects.exists()


def test_a_duplicate_is_offered_for_linking_instead_of_a_new_household(client, front):
    first = register(front)
    sign_in(client, front.wijkcoach)
    client.post(f"{detail(first)}huishouden/", members_form(as_strings(member(bsn=VALID_BSN))))
    existing = Household.objects.get()
    second = register(front)
    response = client.post(f"{detail(second)}huishouden/", members_form(
        as_strings(member("Sanne", "Jansma", "", bsn=VALID_BSN))))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="duplicates"' in html
    assert f'name="household" value="{existing.pk}"' in html and VALID_BSN not in html
    assert 'name="confirm_new"' in html
    assert Household.objects.count() == 1
    linked = client.post(f"{detail(second)}huishouden/koppelen/", {"household": str(existing.pk)})
    assert linked.status_code == 302
    second.refresh_from_db()
    assert second.household == existing


def test_linking_a_household_the_check_did_not_find_is_refused(client, front):
    stranger = Household.objects.create(municipality=front.wijkteam.municipality)
    request = register(front)
    sign_in(client, front.wijkcoach)
    response = client.post(f"{detail(request)}huishouden/koppelen/", {"household": str(stranger.pk)})
    assert response.status_code == 302 and response["Location"].endswith("/huishouden/")
    request.refresh_from_db()
    assert request.household is None


def test_a_new_household_after_the_duplicate_warning(client, front):
    first = register(front)
    sign_in(client, front.wijkcoach)
    client.post(f"{detail(first)}huishouden/", members_form(as_strings(member())))
    second = register(front)
    warning = client.post(f"{detail(second)}huishouden/", members_form(as_strings(member())))
    assert warning.context["duplicates"]
    created = client.post(f"{detail(second)}huishouden/", members_form(as_strings(member()), confirm_new="on"))
    assert created.status_code == 302 and Household.objects.count() == 2


# --- Triage ---------------------------------------------------------------------------------------


def triage_form(front, **fields) -> dict:
    from samenkracht.network.models import TeamMember

    data = {"second_professional": str(TeamMember.objects.get(team=front.wijkteam, user=front.wmo).pk),
            "outcome": "advice", "service": "", "law": "", "coordinator": "", "notes": ""}
    data.update(fields)
    return data


def test_the_triage_form_offers_colleagues_of_other_organisations_only(client, front):
    request = register(front)
    sign_in(client, front.wijkcoach)
    form = client.get(f"{detail(request)}triage/").context["form"]
    partners = [m.user for m in form.fields["second_professional"].queryset]
    assert partners == [front.wmo]


def test_triage_with_a_colleague_of_the_same_organisation_is_refused_inline(client, front):
    from samenkracht.network.models import TeamMember

    request = register(front)
    sign_in(client, front.wijkcoach)
    colleague = TeamMember.objects.get(team=front.wijkteam, user=front.colleague)
    response = client.post(f"{detail(request)}triage/", triage_form(front, second_professional=str(colleague.pk)))
    assert response.status_code == 200 and "second_professional" in response.context["form"].errors
    assert not Triage.objects.exists()


def test_recording_a_tailored_provision_triage_on_the_web(client, front):
    request = register(front, urgency="crisis")
    sign_in(client, front.wijkcoach)
    missing_law = client.post(f"{detail(request)}triage/", triage_form(front, outcome="tailored"))
    assert "law" in missing_law.context["form"].errors
    response = client.post(f"{detail(request)}triage/", triage_form(front, outcome="tailored", law="jeugdwet"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "triaged" and request.triage.law == "jeugdwet"
    html = client.get(detail(request)).content.decode()
    assert 'data-testid="crisis-flag"' not in html and 'data-testid="triage"' in html
    assert client.get(f"{detail(request)}triage/").status_code == 302  # already triaged


def test_a_plan_outcome_from_the_web(client, front):
    from samenkracht.network.models import TeamMember
    from samenkracht.plans.models import Plan

    request = register(front)
    sign_in(client, front.wijkcoach)
    client.post(f"{detail(request)}huishouden/", members_form(as_strings(member())))
    coordinator = TeamMember.objects.get(team=front.wijkteam, user=front.wijkcoach)
    response = client.post(f"{detail(request)}triage/", triage_form(front, outcome="plan",
                                                                    coordinator=str(coordinator.pk)))
    assert response.status_code == 302
    assert Plan.objects.get().coordinator == front.wijkcoach


def test_an_open_access_referral_from_the_web(client, front):
    request = register(front)
    sign_in(client, front.wijkcoach)
    response = client.post(f"{detail(request)}triage/", triage_form(front, outcome="open_access",
                                                                    service=str(front.buurtmaatjes.pk)))
    assert response.status_code == 302
    assert Triage.objects.get().service == front.buurtmaatjes


def test_an_error_report_of_the_household_page_holds_no_bsn(client, front, monkeypatch):
    """A crash while saving: the report (as mailed to administrators) hides the form and the variables."""
    import sys

    from django.core.signals import got_request_exception
    from django.views.debug import ExceptionReporter

    caught = {}

    def remember(sender, request, **kwargs):
        caught["request"], caught["exc_info"] = request, sys.exc_info()

    def crash(self, *args, **kwargs):
        raise RuntimeError("database went away")

    request = register(front)
    sign_in(client, front.wijkcoach)
    monkeypatch.setattr(Household, "full_clean", crash)
    got_request_exception.connect(remember)
    try:
        with pytest.raises(RuntimeError):
            client.post(f"{detail(request)}huishouden/", members_form(as_strings(member(bsn=VALID_BSN))))
    finally:
        got_request_exception.disconnect(remember)
    report = ExceptionReporter(caught["request"], *caught["exc_info"])
    text, html = report.get_traceback_text(), report.get_traceback_html()
    assert "database went away" in text and "register_household_for_request" in text
    assert VALID_BSN not in text and VALID_BSN not in html
