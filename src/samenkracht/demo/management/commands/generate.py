from django.core.management.base import BaseCommand, CommandError

from samenkracht.demo.generate import generate_social_map
from samenkracht.network.importers import import_default_municipalities


class Command(BaseCommand):
    help = "Generate deterministic synthetic data at scale (benchmarks). Synthetic only."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=100_000, help="number of social map services")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, services, seed, **options):
        if services < 1:
            raise CommandError("--services must be at least 1.")
        import_default_municipalities()
        counts = generate_social_map(services=services, seed=seed, stream=self.stderr._out)
        self.stdout.write(f"Generated {counts['services']:,} services of {counts['organisations']:,} organisations.")
