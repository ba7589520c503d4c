"""Web pages of referrals under /doorverwijzingen/. Thin: read through queries, write through services.

The inbox (per receiving organisation and team) and the sent list show no personal data; a referral's
detail shows the sending side everything of its own referral and the receiving side only the data
categories the referral shares, while it is open and its basis is valid (privacy.policy, relation REFERRAL).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenkracht.frontdoor.models import Triage
from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Action, Household
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.referrals import queries, services
from samenkracht.referrals.forms import ConsentForm, ReferralForm, TransitionForm
from samenkracht.referrals.models import Consent, Referral, Status

ACTION_LABELS = {
    Status.SENT: gettext_lazy("Send"), Status.ACCEPTED: gettext_lazy("Accept"),
    Status.REJECTED: gettext_lazy("Reject"), Status.IN_PROGRESS: gettext_lazy("Start"),
    Status.ON_HOLD: gettext_lazy("Put on hold"), Status.COMPLETED: gettext_lazy("Complete"),
    Status.CANCELLED: gettext_lazy("Cancel the referral"),
    Status.ENTERED_IN_ERROR: gettext_lazy("Mark as entered in error"),
}


def _actor(request):
    return actor_for_user(request.user)


def _professional(request):
    actor = _actor(request)
    queries.require_professional(actor)
    return actor


def _int(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _denied(request, message: str):
    return render(request, "referrals/no_access.html", {"message": message}, status=403)


# --- Lists ----------------------------------------------------------------------------------------


@require_GET
def inbox(request):
    actor = _professional(request)
    organisations = queries.receiving_organisations(actor)
    teams = queries.receiving_teams(actor)
    organisation_id, team_id = _int(request.GET.get("organisation")), _int(request.GET.get("team"))
    state = request.GET.get("state") if request.GET.get("state") in ("open", "closed", "all") else "open"
    rows = queries.inbox(actor, organisation_id=organisation_id, team_id=team_id, state=state)
    return render(request, "referrals/inbox.html", {
        "rows": rows, "organisations": organisations, "teams": teams, "organisation_id": organisation_id,
        "team_id": team_id, "state": state,
    })


@require_GET
def sent(request):
    actor = _professional(request)
    rows = queries.sent(actor)
    return render(request, "referrals/sent.html", {"rows": rows, "unseen": queries.unseen_outcomes(rows)})


# --- One referral ---------------------------------------------------------------------------------


def _detail_context(actor, pk: int) -> dict:
    page = queries.referral_page(actor, pk)
    actions = []
    for to in page.actions:
        label = ACTION_LABELS[to]
        if to == Status.IN_PROGRESS and page.referral.status == Status.ON_HOLD:
            label = _("Resume")
        actions.append({"to": to, "label": label, "needs_reason": to == Status.REJECTED,
                        "needs_outcome": to == Status.COMPLETED})
    return {"page": page, "referral": page.referral, "actions": actions, "transition_form": TransitionForm()}


@require_GET
def detail(request, pk: int):
    actor = _professional(request)
    try:
        context = _detail_context(actor, pk)
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    return render(request, "referrals/detail.html", context)


@require_POST
def transition(request, pk: int):
    actor = _professional(request)
    referral = get_object_or_404(Referral, pk=pk)
    form = TransitionForm(request.POST)
    error_message, status = "", 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.transition(actor, referral, data["to"], reason=data["reason"],
                                           outcome=data["outcome"], note=data["note"])
        except services.TransitionNotAllowed as refused:
            error_message, status = refused.message, 409
        except ValidationError as error:
            error_message, status = " ".join(error.messages), 422
        except PermissionDenied as denied:
            return _denied(request, str(denied))
        else:
            messages.success(request, _("The referral is now: %(status)s.") % {
                "status": Status(data["to"]).label})
            if not services.is_sender_side(actor, referral) and policy.referral_relation(actor, referral) is None:
                return redirect("referrals:inbox")  # the receiving side's access ended with this step
            return redirect("referrals:detail", pk=pk)
    else:
        error_message, status = _("Choose what to do."), 422
    try:
        context = _detail_context(actor, pk)
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    context["error"] = error_message
    return render(request, "referrals/detail.html", context, status=status)


@require_POST
def acknowledge(request, pk: int):
    actor = _professional(request)
    referral = get_object_or_404(Referral, pk=pk)
    try:
        services.acknowledge_outcome(actor, referral)
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:detail", pk=pk)
    messages.success(request, _("Outcome seen: the loop of this referral is closed."))
    return redirect(request.POST.get("next") == "sent" and reverse("referrals:sent")
                    or reverse("referrals:detail", args=[pk]))


# --- Creating -------------------------------------------------------------------------------------


def _referral_form(request, actor, household, *, initial=None):
    consents = queries.valid_consents(household)
    bases = queries.legal_bases(household.municipality_id)
    form = ReferralForm(request.POST or None, household=household, consents=consents, legal_bases=bases,
                        initial=initial)
    return form, consents, bases


def _create_page(request, actor, household, *, triage=None, action=None, previous=None, title: str):
    initial = None
    if previous is not None:
        initial = {"handover_note": previous.handover_note, "contact_channel": previous.contact_channel,
                   "contact_times": previous.contact_times, "data_categories": previous.data_categories,
                   "purpose": previous.purpose}
    form, consents, bases = _referral_form(request, actor, household, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("target_kind", "target_service", "target_organisation", "target_pool",
                                       "receiving_team", "handover_note", "contact_channel", "contact_times",
                                       "data_categories", "purpose", "basis_kind", "consent", "legal_basis")}
        send_now = "send" in request.POST
        try:
            if previous is not None:
                referral = services.refer_elsewhere(actor, previous, send_now=send_now, **fields)
            else:
                referral = services.create_draft(actor, triage=triage, action=action, send_now=send_now, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        except services.TransitionNotAllowed as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The referral has been sent.") if send_now
                             else _("The referral has been saved as a draft."))
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/form.html", {
        "form": form, "household": household, "title": title, "consents": consents, "legal_bases": bases,
        "triage": triage, "action": action, "previous": previous,
    })


@require_http_methods(["GET", "POST"])
def create_from_triage(request, pk: int):
    actor = _professional(request)
    triage = get_object_or_404(Triage.objects.select_related("help_request", "help_request__household"), pk=pk)
    household = triage.help_request.household
    try:
        if household is None:
            policy.require_help_request(actor, triage.help_request, event=AccessEvent.READ, purpose="referral form")
            return render(request, "referrals/no_household.html", {"triage": triage})
        policy.require_household(actor, household, event=AccessEvent.READ, purpose="referral form")
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    return _create_page(request, actor, household, triage=triage,
                        title=_("Refer from the triage of %(reference)s") % {
                            "reference": triage.help_request.reference})


@require_http_methods(["GET", "POST"])
def create_from_action(request, pk: int):
    actor = _professional(request)
    action = get_object_or_404(Action.objects.select_related("plan", "plan__household"), pk=pk)
    try:
        policy.require_household(actor, action.plan.household, event=AccessEvent.READ, purpose="referral form")
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    return _create_page(request, actor, action.plan.household, action=action,
                        title=_("Refer from a plan action"))


@require_http_methods(["GET", "POST"])
def refer_elsewhere(request, pk: int):
    actor = _professional(request)
    referral = get_object_or_404(Referral.objects.select_related("household"), pk=pk)
    try:
        if not services.is_sender_side(actor, referral):
            services._refuse(actor, _("Only the sending side refers elsewhere."), event=AccessEvent.CREATE,
                             subject_type="referral", subject_id=referral.pk,
                             municipality_id=referral.municipality_id, purpose="refer elsewhere")
        policy.require_household(actor, referral.household, event=AccessEvent.READ, purpose="refer elsewhere form")
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    if referral.status not in services.REFER_ELSEWHERE_FROM:
        messages.error(request, _("Refer elsewhere after the referral was rejected, expired, cancelled or completed."))
        return redirect("referrals:detail", pk=pk)
    return _create_page(request, actor, referral.household, previous=referral,
                        title=_("Refer elsewhere (after referral %(number)s)") % {"number": referral.pk})


# --- Consent --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consents(request, pk: int):
    actor = _professional(request)
    household = get_object_or_404(Household, pk=pk)
    try:
        policy.require_household(actor, household, event=AccessEvent.READ, purpose="consents")
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    form = ConsentForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(actor, household, person=data["person"], given_by_note=data["given_by_note"],
                                    organisations=data["organisations"], data_categories=data["data_categories"],
                                    purposes=data["purposes"], valid_until=data["valid_until"],
                                    given_on=data["given_on"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("referrals:consents", pk=pk)
    return render(request, "referrals/consents.html", {
        "household": household, "consents": queries.consents_of(household), "form": form,
        "legal_bases": queries.legal_bases(household.municipality_id),
    })


@require_POST
def consent_withdraw(request, pk: int):
    actor = _professional(request)
    consent = get_object_or_404(Consent.objects.select_related("household"), pk=pk)
    try:
        services.withdraw_consent(actor, consent)
    except PermissionDenied as denied:
        return _denied(request, str(denied))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent has been withdrawn. Nothing more is shared on it."))
    return redirect("referrals:consents", pk=consent.household_id)

