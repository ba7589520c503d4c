"""Accounts of professionals and the API tokens of organisations' systems.

What a person may do follows from their memberships (network.Membership: organisation + role);
this module only knows who someone is and how they prove it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "sk"


class User(AbstractUser):
    """A professional's account. The login name is the e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name


class ApiScope(models.TextChoices):
    NETWORK_READ = "network:read", _("Read the partner network")
    NETWORK_WRITE = "network:write", _("Change the own organisation's network data")
    NETWORK_ADMIN = "network:admin", _("Change the whole partner network")
    SOCIALMAP_WRITE = "socialmap:write", _("Maintain the own organisation's services on the social map")
    SOCIALMAP_REVIEW = "socialmap:review", _("Review and publish services of every organisation")
    HOUSEHOLDS_READ = "households:read", _("Read resident data on behalf of one of the organisation's professionals")
    HOUSEHOLDS_WRITE = "households:write", _("Register and change resident data on behalf of a professional")


def hash_token(raw: str) -> str:
    # The secret part has 256 bits of entropy, so a fast hash is enough: nobody can guess inputs.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self) -> "ApiTokenQuerySet":
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A system's credential for the REST API: belongs to one organisation, carries scopes.

    Only the SHA-256 of the token is stored; the token itself is shown once, at creation.
    """

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="api_tokens",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}_{self.prefix}_…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """Return (raw token, prefix, hash). The raw token is `sk_<prefix>_<secret>`."""
        prefix = secrets.token_hex(6)
        raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        return raw, prefix, hash_token(raw)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
