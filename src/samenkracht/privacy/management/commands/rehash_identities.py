"""Recompute the keyed lookup hashes (BSN, name + birth date) after SAMENKRACHT_HASH_KEY changed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from samenkracht.plans.identity import bsn_hash, identity_hash
from samenkracht.plans.models import Person


class Command(BaseCommand):
    help = "Recompute BSN and identity hashes of every person with the current SAMENKRACHT_HASH_KEY."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            for person in Person.objects.iterator(chunk_size=1000):
                Person.objects.filter(pk=person.pk).update(
                    bsn_hash=bsn_hash(person.bsn) if person.bsn else "",
                    identity_hash=identity_hash(person.given_name, person.family_name, person.date_of_birth),
                )
                count += 1
        self.stdout.write(f"Rehashed {count} persons.")
