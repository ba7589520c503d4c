"""Authentication of systems on the REST API with organisation tokens (Authorization: Bearer ...)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from ninja.security import HttpBearer

from samenkracht.accounts.models import ApiToken, hash_token
from samenkracht.network.permissions import TokenActor


class TokenAuth(HttpBearer):
    """Accepts a usable (not revoked, not expired) token and puts a TokenActor on the request."""

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        found = ApiToken.objects.usable().filter(token_hash=hash_token(token)).first()
        if found is None:
            return None
        now = timezone.now()
        resolution = timedelta(seconds=settings.API_TOKEN_LAST_USED_RESOLUTION_S)
        if found.last_used_at is None or now - found.last_used_at > resolution:
            with transaction.atomic():
                ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        actor = TokenActor(token=found, organisation_id=found.organisation_id, scopes=frozenset(found.scopes),
                           on_behalf_of_user=self._on_behalf_of(request, found))
        request.actor = actor
        return actor

    @staticmethod
    def _on_behalf_of(request, token: ApiToken):
        """The professional (by e-mail in X-On-Behalf-Of) of the token's own organisation, if any.

        Only resident data needs it; the access policy then applies that person's relations."""
        email = (request.headers.get("X-On-Behalf-Of") or "").strip().lower()
        if not email or len(email) > 254:
            return None
        from samenkracht.accounts.models import User

        return User.objects.filter(
            email=email, is_active=True, memberships__organisation_id=token.organisation_id,
            memberships__active=True,
        ).first()


@transaction.atomic
def issue_token(*, organisation, name: str, scopes: list[str], created_by=None, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw value, which is shown this once and never stored."""
    from samenkracht.accounts.models import ApiScope

    unknown = sorted(set(scopes) - set(ApiScope.values))
    if unknown or not scopes:
        from django.core.exceptions import ValidationError

        raise ValidationError({"scopes": f"Unknown or missing scopes: {', '.join(unknown) or '-'}"})
    raw, prefix, digest = ApiToken.generate()
    token = ApiToken(
        organisation=organisation, name=name, prefix=prefix, token_hash=digest,
        scopes=sorted(set(scopes)), created_by=created_by, expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
