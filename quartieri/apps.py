from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartieriConfig(AppConfig):
    name = "quartieri"
    verbose_name = _("Territorio, Case di Quartiere e servizi")

    def ready(self) -> None:
        from portal import versioni
        from portal.open_data import registra_dataset
        from quartieri import contenuti, models, schede
        from quartieri.versioni import LUOGHI_E_SERVIZI, PROSSIME_ATTIVITA, SCELTE_DEI_FILTRI

        contenuti.registra()
        versioni.segui(
            SCELTE_DEI_FILTRI,
            models.Comune,
            models.AmbitoTerritoriale,
            models.Quartiere,
            models.Luogo,
            models.CategoriaServizio,
            models.Settore,
        )
        versioni.segui(
            LUOGHI_E_SERVIZI,
            models.Comune,
            models.AmbitoTerritoriale,
            models.Quartiere,
            models.Luogo,
            models.FasciaOraria,
            models.EccezioneOrario,
            models.CategoriaServizio,
            models.Servizio,
            models.FasciaOrariaServizio,
            # A place's page names its gestore (schede.pagina_del_luogo).
            models.Ente,
        )
        versioni.al_rinnovo(LUOGHI_E_SERVIZI, schede.chiedi_prepara_luoghi)
        versioni.segui(
            PROSSIME_ATTIVITA,
            # The calendar's first page is kept per filter, and the territory filters
            # follow a place's quartiere, ambito and comune.
            models.Comune,
            models.AmbitoTerritoriale,
            models.Quartiere,
            models.Luogo,
            models.Attivita,
            models.Occorrenza,
            models.EccezioneOrario,
        )
        # The lists count a registration's seats by its state: saving when its e-mails went
        # (a confirmation, the day-before reminders) must not empty every kept list.
        versioni.segui(
            PROSSIME_ATTIVITA,
            models.Iscrizione,
            campi=frozenset({"occorrenza", "stato", "persone"}),
        )

        registra_dataset(
            titolo=_("Case di Quartiere e luoghi di comunità"),
            descrizione=_(
                "I luoghi pubblicati: tipo, quartiere, indirizzo, coordinate, ente gestore, "
                "contatti del luogo e accessibilità."
            ),
            download=[
                ("CSV", "quartieri:open_data_luoghi_csv"),
                ("JSON", "quartieri:open_data_luoghi_json"),
            ],
        )
        registra_dataset(
            titolo=_("Servizi di prossimità"),
            descrizione=_(
                "I servizi pubblicati: categoria, luogo, prenotazione, costo e destinatari."
            ),
            download=[
                ("CSV", "quartieri:open_data_servizi_csv"),
                ("JSON", "quartieri:open_data_servizi_json"),
            ],
        )
