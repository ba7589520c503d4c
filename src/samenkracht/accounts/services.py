"""Writes around accounts: second-factor devices, sign-in bookkeeping, personal accounts."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.models import User

DEVICE_NAME = "authenticator"


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up; one per person, made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_device(device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with a code from it; older devices of the person are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def create_user(*, email: str, full_name: str, password: str) -> User:
    user = User(username=email, email=email, full_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
