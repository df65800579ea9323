from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portale")

    def ready(self) -> None:
        from portal import checks  # noqa: F401  (registers the system checks)
        from portal.open_data import registra_dataset

        registra_dataset(
            titolo=_("Attività nelle Case di Quartiere"),
            descrizione=_(
                "Le date delle attività pubbliche: titolo, tipo, destinatari, luogo, quartiere, "
                "inizio e fine, se annullata, se gratuita o su iscrizione, organizzatore."
            ),
            download=[
                ("CSV", "portal:open_data_attivita_csv"),
                ("JSON", "portal:open_data_attivita_json"),
            ],
        )
        registra_dataset(
            titolo=_("I numeri della città collaborativa"),
            descrizione=_(
                "Anno per anno: attività svolte e partecipanti, contatti agli sportelli, accordi "
                "avviati e firme, ore di collaborazione civica e di volontariato, volontari, "
                "riunioni degli organismi di partecipazione. Calcolati dai dati del portale."
            ),
            download=[
                ("CSV", "portal:open_data_numeri_csv"),
                ("JSON", "portal:open_data_numeri_json"),
            ],
        )
