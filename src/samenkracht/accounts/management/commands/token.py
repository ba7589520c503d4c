from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samenkracht.accounts.models import ApiScope, ApiToken
from samenkracht.accounts.tokens import issue_token, revoke_token
from samenkracht.network.models import Organisation


class Command(BaseCommand):
    help = "Manage API tokens of organisations: create (shows the token once), list, revoke."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Issue a token")
        create.add_argument("--organisation", required=True, help="organisation name")
        create.add_argument("--name", required=True, help="what the token is for, e.g. 'koppeling CRM'")
        create.add_argument("--scope", action="append", required=True, choices=ApiScope.values)
        create.add_argument("--days", type=int, default=365, help="valid for this many days (0: no expiry)")
        lst = sub.add_parser("list", help="List tokens")
        lst.add_argument("--organisation")
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, organisation, name, scope, days, **_):
        if days < 0:
            raise CommandError("--days must be 0 (no expiry) or a positive number of days.")
        found = Organisation.objects.filter(name=organisation).first()
        if found is None:
            raise CommandError(f"No organisation named {organisation!r}.")
        expires = timezone.now() + timedelta(days=days) if days > 0 else None
        try:
            token, raw = issue_token(organisation=found, name=name, scopes=scope, expires_at=expires)
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        self.stdout.write(f"Token for {found.name} ({', '.join(token.scopes)}); store it now, it is not shown again:")
        self.stdout.write(raw)

    def _list(self, organisation=None, **_):
        tokens = ApiToken.objects.select_related("organisation")
        if organisation:
            tokens = tokens.filter(organisation__name=organisation)
        for token in tokens:
            state = "revoked" if token.revoked_at else ("usable" if token.is_usable else "expired")
            self.stdout.write(f"{token.prefix}  {state:8} {token.organisation.name}: {token.name} {token.scopes}")

    def _revoke(self, prefix, **_):
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with prefix {prefix!r}.")
        revoke_token(token)
        self.stdout.write(f"Revoked {token}.")
