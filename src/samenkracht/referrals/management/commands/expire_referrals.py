from django.conf import settings
from django.core.management.base import BaseCommand

from samenkracht.referrals import services


class Command(BaseCommand):
    help = ("Expire sent referrals that were not accepted or rejected within "
            "SAMENKRACHT_REFERRAL_ANSWER_WORKING_DAYS working days; their senders see an alert. Run daily.")

    def handle(self, *args, **options):
        expired = services.expire_overdue()
        self.stdout.write(f"{len(expired)} referral(s) expired (answer deadline: "
                          f"{settings.REFERRAL_ANSWER_WORKING_DAYS} working days).")
