from django.core.management.base import BaseCommand, CommandError

from samenkracht.privacy.log import verify


class Command(BaseCommand):
    help = "Recompute the hash chains of the access log; fail when an entry was changed, inserted or deleted."

    def handle(self, *args, **options):
        checked, problems = verify()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"The access log is NOT intact: {len(problems)} problem(s) in {checked} entries.")
        self.stdout.write(f"The access log is intact: {checked} entries checked.")
