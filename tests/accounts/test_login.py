"""Sign-in with password + TOTP, brute-force protection, session limits, security headers."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.middleware import SESSION_STARTED_KEY
from samenkracht.accounts.services import create_user
from tests.conftest import PASSWORD, current_code, sign_in

LOGIN = "/inloggen/"
VERIFY = "/inloggen/code/"
SETUP = "/account/tweestapsverificatie/"


def post_password(client, email, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/netwerk/organisaties/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_alone_does_not_open_the_platform(client, people):
    response = post_password(client, people.professional.email)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # Signed in with one factor: every page leads back to the code page.
    response = client.get("/netwerk/organisaties/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = client.get("/")
    assert response["Location"].startswith(VERIFY)


def test_password_and_code_open_the_platform(client, people):
    post_password(client, people.professional.email)
    response = client.post(VERIFY, {"code": current_code(people.professional)})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get("/")
    assert response.status_code == 200
    assert people.professional.full_name in response.content.decode()


def test_wrong_code_is_refused_inline(client, people):
    post_password(client, people.professional.email)
    good = current_code(people.professional)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get("/")["Location"].startswith(VERIFY)


def test_next_url_is_kept_but_never_leads_elsewhere(client, people):
    client.post(LOGIN + "?next=/netwerk/teams/", {"username": people.professional.email, "password": PASSWORD,
                                                   "next": "/netwerk/teams/"})
    response = client.post(VERIFY, {"code": current_code(people.professional), "next": "/netwerk/teams/"})
    assert response["Location"] == "/netwerk/teams/"
    client.logout()
    client.post(LOGIN, {"username": people.professional.email, "password": PASSWORD, "next": "https://evil.example/"})
    # A code that was just used is never accepted twice ...
    response = client.post(VERIFY, {"code": current_code(people.professional), "next": "https://evil.example/"})
    assert response.status_code == 200
    # ... so let the authenticator move on one step, then check where the next code leads.
    TOTPDevice.objects.filter(user=people.professional).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(VERIFY, {"code": current_code(people.professional), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_account_without_authenticator_must_set_one_up(client, people):
    TOTPDevice.objects.filter(user=people.professional).delete()
    response = post_password(client, people.professional.email)
    assert response["Location"].startswith(SETUP)
    page = client.get(SETUP)
    assert page.status_code == 200 and b"<svg" in page.content  # QR code rendered inline, no external image
    device = TOTPDevice.objects.get(user=people.professional, confirmed=False)
    from django_otp.oath import TOTP

    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(SETUP, {"code": code})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_wrong_password_gives_one_message_and_no_session(client, people):
    response = post_password(client, people.professional.email, password="not-the-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_session_id_changes_at_login(client, people):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    post_password(client, people.professional.email)
    assert client.session.session_key != before


def test_brute_force_locks_the_user_and_ip_pair_but_not_the_real_user(client, people, settings):
    settings.AXES_FAILURE_LIMIT = 3
    email = people.professional.email
    for _ in range(3):
        post_password(client, email, password="guess", ip="203.0.113.9")
    # The attacker's pair is locked, even with the right password.
    response = post_password(client, email, ip="203.0.113.9")
    assert response.status_code == 429
    # The real user at their own address is not locked out.
    response = post_password(client, email, ip="198.51.100.20")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_second_factor_codes_are_throttled(client, people):
    post_password(client, people.professional.email)
    for _ in range(3):
        client.post(VERIFY, {"code": "000000"})
    # After failures django-otp imposes a growing delay: even the right code is refused for now.
    response = client.post(VERIFY, {"code": current_code(people.professional)})
    assert response.status_code == 200
    assert client.get("/")["Location"].startswith(VERIFY)


def test_session_ends_after_the_absolute_limit(client, people):
    sign_in(client, people.professional)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 12 * 3600 - 5
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_session_survives_within_the_absolute_limit(client, people):
    sign_in(client, people.professional)
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 11 * 3600
    session.save()
    assert client.get("/").status_code == 200


def test_idle_expiry_slides_with_each_request(client, people, settings):
    sign_in(client, people.professional)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_logout_needs_post(client, people):
    sign_in(client, people.professional)
    assert client.get("/uitloggen/").status_code == 405
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    assert client.get("/")["Location"].startswith(LOGIN)


def test_security_headers(client, db):
    response = client.get(LOGIN)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "http" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("password, reason", [
    ("kort", "too short"),
    ("password1234", "too common"),
    ("123456789012345", "entirely numeric"),
])
def test_weak_passwords_are_rejected(db, password, reason):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert reason in " ".join(error.value.messages) or error.value.messages


def test_create_user_refuses_a_common_password_and_saves_nothing(db):
    from samenkracht.accounts.models import User

    with pytest.raises(ValidationError):
        create_user(email="nieuw@example.test", full_name="Nieuw Iemand", password="password1234")
    assert not User.objects.filter(email="nieuw@example.test").exists()
    user = create_user(email="nieuw@example.test", full_name="Nieuw Iemand", password=PASSWORD)
    assert user.check_password(PASSWORD)


def test_admin_requires_functional_admin_role(client, people):
    sign_in(client, people.coordinator)
    assert client.get(reverse("admin:index")).status_code == 302
    client.logout()
    sign_in(client, people.admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:network_organisation_changelist")).status_code == 200


def test_health_endpoint_needs_no_login(client, db):
    response = client.get("/gezondheid/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
