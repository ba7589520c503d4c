from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontDoorConfig(AppConfig):
    name = "samenkracht.frontdoor"
    verbose_name = _("Front door")
