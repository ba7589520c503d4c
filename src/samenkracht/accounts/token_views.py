"""Web pages where an organisation's coordinator issues and revokes its API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenkracht.accounts.forms import TokenForm
from samenkracht.accounts.models import ApiToken
from samenkracht.accounts.tokens import issue_token, revoke_token
from samenkracht.network.models import Organisation
from samenkracht.network.permissions import actor_for_user


def _organisation_for_editor(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    actor = actor_for_user(request.user)
    if not actor.can_edit_organisation(organisation):
        raise PermissionDenied
    return organisation, actor


@require_http_methods(["GET", "POST"])
def token_list(request, pk: int):
    organisation, actor = _organisation_for_editor(request, pk)
    form = TokenForm(request.POST or None, allow_admin_scope=actor.can_manage_network)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = issue_token(
            organisation=organisation, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            created_by=request.user, expires_at=timezone.now() + timedelta(days=form.cleaned_data["days"]),
        )
        form = TokenForm(allow_admin_scope=actor.can_manage_network)
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("created_by").order_by("-created_at")
    response = render(request, "accounts/token_list.html",
                      {"organisation": organisation, "tokens": tokens, "form": form, "raw": raw})
    if raw:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def token_revoke(request, pk: int, token_pk: int):
    organisation, _actor = _organisation_for_editor(request, pk)
    token = get_object_or_404(ApiToken, pk=token_pk, organisation=organisation)
    revoke_token(token)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("accounts:token_list", organisation.pk)
