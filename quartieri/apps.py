from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartieriConfig(AppConfig):
    name = "quartieri"
    verbose_name = _("Territorio, Case di Quartiere e servizi")
