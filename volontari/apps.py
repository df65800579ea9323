from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolontariConfig(AppConfig):
    name = "volontari"
    verbose_name = _("Volontariato civico")

    def ready(self) -> None:
        from portal import versioni
        from quartieri.versioni import SCELTE_DEI_FILTRI
        from volontari.models import Incarico, Opportunita
        from volontari.versioni import INCARICHI

        # The volunteering filter offers only the places with an open opportunity.
        versioni.segui(SCELTE_DEI_FILTRI, Opportunita)
        versioni.segui(INCARICHI, Incarico)
