"""Sign-in with password and a second factor (TOTP), setting up the authenticator, signing out."""

from __future__ import annotations

import base64
import time
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from samenkracht.accounts import services
from samenkracht.accounts.forms import CodeForm, LoginForm
from samenkracht.accounts.middleware import SESSION_STARTED_KEY


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)  # cycles the session key
        request.session[SESSION_STARTED_KEY] = time.time()
        target = "accounts:verify" if services.has_confirmed_device(form.user) else "accounts:setup_2fa"
        next_url = _next_url(request)
        return redirect(f"{_url(target)}?next={next_url}" if next_url else _url(target))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@require_http_methods(["GET", "POST"])
def verify_view(request):
    device = services.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:setup_2fa")
    form = CodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("This code is not correct or has expired. Wait for a new code and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def setup_2fa_view(request):
    if services.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("accounts:verify")
    device = services.pending_device(request.user)
    form = CodeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_device(device, form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("Two-step verification is set up."))
            return redirect(_next_url(request) or settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("This code is not correct. Check the time on your phone and try again."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return render(
        request,
        "accounts/setup_2fa.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": buffer.getvalue().decode("utf-8"),
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have been signed out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)
