from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_retention(app_configs=None, **kwargs):
    """A bad SAMENKRACHT_RETENTION_YEARS stops `check`, `migrate` and the server with the variable named."""
    from django.core.exceptions import ImproperlyConfigured

    from samenkracht.rights import retention

    try:
        retention.periods()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="rights.E001")]
    return []


class RightsConfig(AppConfig):
    name = "samenkracht.rights"
    verbose_name = _("Residents' rights")

    def ready(self) -> None:
        # Other apps add their subject-access collector with one line in their own ready():
        #     from samenkracht.rights import registry
        #     registry.register("referrals", "samenkracht.referrals.rights.collect")
        checks.register(check_retention)
