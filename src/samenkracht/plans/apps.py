from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samenkracht.plans"
    verbose_name = _("Households and plans")
