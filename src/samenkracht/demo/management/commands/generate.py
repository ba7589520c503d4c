import argparse

from django.core.management.base import BaseCommand, CommandError

from samenkracht.demo.generate import generate_social_map
from samenkracht.network.importers import import_default_municipalities


class Command(BaseCommand):
    help = "Generate deterministic synthetic data at scale (benchmarks). Synthetic only."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, default=100_000, help="number of social map services")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", choices=["small", "large", "national"],
                            help="named scale: help requests, referrals, households, persons, plans")
        parser.add_argument("--share", type=float, default=0.01, help="national: share of the yearly volume")
        parser.add_argument("--fraction", type=float, default=1.0, help=argparse.SUPPRESS)  # tests/benchmarks

    def handle(self, *args, services, seed, scale=None, share=0.01, fraction=1.0, **options):
        if scale:
            from samenkracht.demo.scale import ScaleExists, generate

            try:
                result = generate(scale, seed=seed, fraction=fraction, share=share, stream=self.stderr._out)
            except (ScaleExists, ValueError) as error:
                raise CommandError(str(error)) from error
            counts = ", ".join(f"{k} {v:,}" for k, v in result.items() if isinstance(v, int) and k != "seed")
            self.stdout.write(f"Generated scale {scale} (seed {seed}): {counts} in {result['seconds']} s.")
            return
        if services < 1:
            raise CommandError("--services must be at least 1.")
        import_default_municipalities()
        counts = generate_social_map(services=services, seed=seed, stream=self.stderr._out)
        self.stdout.write(f"Generated {counts['services']:,} services of {counts['organisations']:,} organisations.")
