"""Web pages of the front door. Thin: read through frontdoor.queries, write through frontdoor.services.

Every page with resident data hides the submitted form and its own variables from error reports
(``sensitive_post_parameters``, ``sensitive_variables``) and puts no personal data in its URL: requests are addressed by their number, never by reference, name
or BSN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenkracht.frontdoor import queries, services
from samenkracht.frontdoor.forms import (
    HelpRequestForm,
    HouseholdForm,
    MemberFormSet,
    PublicRequestForm,
    TriageForm,
    WorklistFilterForm,
)
from samenkracht.frontdoor.models import HelpRequest, RequestStatus, TriageOutcome, Urgency
from samenkracht.network.models import Team
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Household
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent

PAGE_SIZE = 50
DUPLICATES_KEY = "frontdoor:duplicates:{pk}"
PUBLIC_SENT_KEY = "frontdoor:public_sent"


def _professional(request):
    """The actor, when they are a professional whose relations count (deny by default)."""
    actor = actor_for_user(request.user)
    if policy.acting_professional(actor) is None:
        raise PermissionDenied
    return actor


def _add_errors(form, error: ValidationError) -> None:
    """A service's validation errors as inline messages on the fields they name (else above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _attempt(form, call):
    try:
        return call()
    except ValidationError as error:
        _add_errors(form, error)
        return None


@dataclass
class Row:
    request: HelpRequest
    waiting: timedelta
    overdue: bool
    due_today: bool

    @property
    def crisis(self) -> bool:
        return self.request.urgency == Urgency.CRISIS and self.request.status == RequestStatus.NEW


def _rows(requests, now) -> list[Row]:
    end = queries.end_of_today(now)
    return [Row(r, now - r.registered_at, r.triage_due_at < now, now <= r.triage_due_at <= end) for r in requests]


# --- Worklist -------------------------------------------------------------------------------------


@require_GET
def worklist(request):
    actor = _professional(request)
    memberships = queries.teams_of(actor)
    teams = [m.team for m in memberships]
    team = None
    team_id = request.GET.get("team", "")
    if team_id:
        if not team_id.isdigit():
            raise PermissionDenied
        team = get_object_or_404(Team, pk=int(team_id))
    form = WorklistFilterForm({"team": team.pk} if team else None, teams=teams)
    requests, summary = queries.worklist(actor, team=team)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(request, "frontdoor/worklist.html", {
        "form": form, "team": team, "teams": teams, "page": page, "rows": _rows(page, now), "summary": summary,
        "query": f"team={team.pk}&" if team else "",
    })


# --- Registering a request ------------------------------------------------------------------------


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def request_create(request):
    actor = _professional(request)
    teams = [m.team for m in queries.teams_of(actor)]
    if not teams:
        return render(request, "frontdoor/request_form.html", {"form": None})
    form = HelpRequestForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        help_request = _attempt(form, lambda: services.register_help_request(actor, **form.cleaned_data))
        if help_request:
            messages.success(request, _("Help request %(reference)s has been registered.")
                             % {"reference": help_request.reference})
            return redirect("frontdoor:request_detail", help_request.pk)
    return render(request, "frontdoor/request_form.html", {"form": form})


# --- One request ----------------------------------------------------------------------------------


def _triage_form(actor, help_request, data=None) -> TriageForm | None:
    """The triage form for a member of the request's team while the request waits for triage."""
    user = policy.acting_professional(actor)
    if help_request.status != RequestStatus.NEW or not help_request.team.members.filter(user=user).exists():
        return None
    return TriageForm(
        data, partners=queries.triage_partners(help_request, user),
        coordinators=queries.team_professionals(help_request),
        services=queries.open_access_services(help_request.municipality_id),
    )


@require_GET
def request_detail(request, pk: int):
    actor = _professional(request)
    help_request = queries.help_request_for(actor, pk)
    household = None
    if help_request.household_id:
        household = queries.household_for(actor, help_request.household, purpose="household of a help request")
    return render(request, "frontdoor/request_detail.html", {
        "help_request": help_request, "triage": queries.triage_of(help_request), "household": household,
        "waiting": timezone.now() - help_request.registered_at,
        "crisis": help_request.urgency == Urgency.CRISIS and help_request.status == RequestStatus.NEW,
        "triage_form": _triage_form(actor, help_request),
    })


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def triage(request, pk: int):
    actor = _professional(request)
    help_request = queries.help_request_for(actor, pk, purpose="joint triage")
    form = _triage_form(actor, help_request, request.POST or None)
    if form is None:
        if help_request.status != RequestStatus.NEW:
            messages.info(request, _("This request has already been triaged."))
            return redirect("frontdoor:request_detail", help_request.pk)
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = data["outcome"]
        done = _attempt(form, lambda: services.record_triage(
            actor, help_request, second_professional=data["second_professional"].user, outcome=outcome,
            notes=data["notes"], service=data["service"], law=data["law"],
            coordinator=data["coordinator"].user if data["coordinator"] else None,
        ))
        if done:
            messages.success(request, _("The triage has been recorded: %(outcome)s.")
                             % {"outcome": TriageOutcome(outcome).label})
            return redirect("frontdoor:request_detail", help_request.pk)
    return render(request, "frontdoor/triage.html", {"help_request": help_request, "form": form})


# --- Household ------------------------------------------------------------------------------------


@sensitive_variables()
def _members(formset) -> tuple[list[dict], list]:
    forms = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
    return [dict(f.cleaned_data) for f in forms], forms


def _add_household_errors(form, member_forms, formset, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        parts = field.split(".")
        if len(parts) == 3 and parts[0] == "members" and parts[1].isdigit() and int(parts[1]) < len(member_forms):
            target = member_forms[int(parts[1])]
            target.add_error(parts[2] if parts[2] in target.fields else None, messages_)
        elif field == "members":
            form.add_error(None, messages_)
        else:
            form.add_error(field if field in form.fields else None, messages_)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def household_create(request, pk: int):
    actor = _professional(request)
    help_request = queries.help_request_for(actor, pk, purpose="register household")
    if help_request.household_id:
        messages.info(request, _("This request is already linked to a household."))
        return redirect("frontdoor:request_detail", help_request.pk)
    key = DUPLICATES_KEY.format(pk=help_request.pk)
    data = request.POST or None
    form = HouseholdForm(data, municipality_id=help_request.municipality_id, show_confirm=key in request.session)
    formset = MemberFormSet(data, prefix="members")
    duplicates = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members, member_forms = _members(formset)
        try:
            services.register_household_for_request(
                actor, help_request, members=members, neighbourhood=form.cleaned_data["neighbourhood"],
                address=form.cleaned_data["address"], postcode=form.cleaned_data["postcode"],
                confirm_new=form.cleaned_data.get("confirm_new", False),
            )
        except services.DuplicateHouseholds as found:
            duplicates = _describe(found.duplicates, member_forms)
            request.session[key] = sorted({d.household_id for d in found.duplicates})
            form = HouseholdForm(data, municipality_id=help_request.municipality_id, show_confirm=True)
            form.is_valid()
        except ValidationError as error:
            _add_household_errors(form, member_forms, formset, error)
        else:
            request.session.pop(key, None)
            messages.success(request, _("The household has been registered."))
            return redirect("frontdoor:request_detail", help_request.pk)
    return render(request, "frontdoor/household_form.html", {
        "help_request": help_request, "form": form, "formset": formset, "duplicates": duplicates,
    })


@sensitive_variables()
def _describe(duplicates, member_forms) -> list[dict]:
    """One line per household found, naming the matched member as typed (never the BSN)."""
    households: dict[int, dict] = {}
    for duplicate in duplicates:
        entry = households.setdefault(duplicate.household_id, {"household_id": duplicate.household_id,
                                                               "team": duplicate.team_name, "matches": []})
        member = member_forms[duplicate.member_index].cleaned_data
        entry["matches"].append({
            "name": f"{member.get('given_name', '')} {member.get('family_name', '')}".strip(),
            "on_bsn": duplicate.matched_on == "bsn",
        })
    return list(households.values())


@require_POST
def household_link(request, pk: int):
    actor = _professional(request)
    help_request = queries.help_request_for(actor, pk, purpose="link household", event=AccessEvent.READ)
    key = DUPLICATES_KEY.format(pk=help_request.pk)
    chosen = request.POST.get("household", "")
    household = get_object_or_404(Household, pk=int(chosen)) if chosen.isdigit() else None
    if household is None:
        messages.error(request, _("Choose one of the households found by the duplicate check."))
        return redirect("frontdoor:household_create", help_request.pk)
    try:
        services.link_household(actor, help_request, household, candidates=request.session.get(key, []))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("frontdoor:household_create", help_request.pk)
    request.session.pop(key, None)
    messages.success(request, _("The request has been linked to household %(number)s.") % {"number": household.pk})
    return redirect("frontdoor:request_detail", help_request.pk)


# --- The public online form -----------------------------------------------------------------------


@login_not_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@sensitive_variables()
def public_form(request):
    """Ask a question without an account. Rate limited per (hashed) address; nothing is stored when refused."""
    access_points = queries.access_points()
    form = PublicRequestForm(request.POST or None, access_points=access_points)
    if request.method == "POST":
        address = get_client_ip_address(request)
        if services.is_rate_limited(address):
            return render(request, "frontdoor/public_limited.html", {"access_points": access_points}, status=429)
        if form.is_valid():
            try:
                help_request = _attempt(form, lambda: services.submit_public_request(address=address,
                                                                                     **form.cleaned_data))
            except services.RateLimited:
                return render(request, "frontdoor/public_limited.html", {"access_points": access_points}, status=429)
            if help_request:
                request.session[PUBLIC_SENT_KEY] = {
                    "reference": help_request.reference, "team": help_request.team.name,
                    "team_id": help_request.team_id, "by_phone": bool(help_request.contact_phone),
                    "by_email": bool(help_request.contact_email),
                }
                return redirect("public_request:sent")
    return render(request, "frontdoor/public_form.html", {"form": form})


@login_not_required
@require_GET
def public_sent(request):
    """The confirmation: the reference and what happens next (kept in the session, not in the URL)."""
    sent = request.session.get(PUBLIC_SENT_KEY)
    team = None
    if sent:
        team = Team.objects.select_related("location").filter(pk=sent.get("team_id")).first()
    return render(request, "frontdoor/public_sent.html", {"sent": sent, "team": team})
