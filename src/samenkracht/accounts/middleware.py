"""Session and sign-in rules that hold for every page.

- LoginRequiredMiddleware: every page needs a signed-in person unless the view is marked
  ``login_not_required`` (deny by default). The REST API authenticates with tokens instead.
- SessionLimitsMiddleware: a session ends 12 hours after sign-in whatever the activity (the 30-minute
  idle limit is the sliding session expiry in settings).
- RequireSecondFactorMiddleware: a signed-in person who has not yet proved the second factor reaches
  only the pages that let them do so.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "samenkracht_auth_started"
API_PREFIX = "/api/"


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended after 12 hours. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireSecondFactorMiddleware:
    ALLOWED_URL_NAMES = ("accounts:verify", "accounts:setup_2fa", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def allowed_paths(self) -> set[str]:
        if self._allowed is None:
            self._allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
        return self._allowed

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith((API_PREFIX, settings.STATIC_URL))
            and request.path not in self.allowed_paths()
        ):
            from samenkracht.accounts.services import has_confirmed_device

            target = "accounts:verify" if has_confirmed_device(user) else "accounts:setup_2fa"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
