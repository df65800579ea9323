from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolontariConfig(AppConfig):
    name = "volontari"
    verbose_name = _("Volontariato civico")
