from importlib import import_module

from django.core.management.base import BaseCommand

from samenkracht.demo.users import DEMO_PASSWORD, DEMO_USERS, demo_email

# The demo is built in this order; each builder is idempotent and returns {"what": count}.
# Later builders may rely on what earlier ones made (the network first, resident data after it).
BUILDERS = [
    "samenkracht.demo.loader.build_demo_network",
    "samenkracht.demo.socialmap_loader.build_demo_social_map",
    "samenkracht.demo.households.build_demo_households",
    "samenkracht.agreements.demo.build_demo_agreements",
    "samenkracht.volunteers.demo.build_demo_volunteers",
    "samenkracht.referrals.demo.build_demo_referrals",
    "samenkracht.reports.demo.build_demo_report_work",
    "samenkracht.rights.demo.build_demo_rights",
]


def _load(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(import_module(module), name)


class Command(BaseCommand):
    help = "Build the demo network from the source articles, with synthetic demo accounts for every role."

    def handle(self, *args, **options):
        counts: dict[str, int] = {}
        for dotted in BUILDERS:
            counts.update(_load(dotted)())
        self.stdout.write(
            "Demo network ready: " + ", ".join(f"{value} {name}" for name, value in counts.items()) + "."
        )
        self.stdout.write("")
        self.stdout.write("Demo logins (all synthetic) – password for every account: " + DEMO_PASSWORD)
        for local, full_name, organisation, role, job_title, _teams in DEMO_USERS:
            self.stdout.write(f"  {demo_email(local):42} {role:18} {organisation} ({job_title})")
        self.stdout.write("")
        self.stdout.write("Every account signs in with a second factor. Show the current code with:")
        self.stdout.write("  .venv/bin/samenkracht totp <e-mail address>")
