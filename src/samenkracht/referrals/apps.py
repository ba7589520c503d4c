from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "samenkracht.referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from samenkracht.rights import registry

        registry.register("referrals", "samenkracht.referrals.rights.collect")
