from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from samenkracht.demo.users import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current second-factor code of a DEMO account (…@demo.samenkracht.nl only)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not email.endswith("@" + DEMO_DOMAIN):
            raise CommandError(f"Only demo accounts (@{DEMO_DOMAIN}) have codes that can be shown here.")
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"No demo account {email} with an authenticator; run `samenkracht demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
