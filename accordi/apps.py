from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccordiConfig(AppConfig):
    name = "accordi"
    verbose_name = _("Accordi di cittadinanza")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from accordi import contenuti, models, schede
        from accordi.versioni import REGISTRO_ENTI, SCHEDE_ACCORDI
        from portal import versioni
        from portal.open_data import registra_dataset
        from quartieri import models as quartieri
        from quartieri.versioni import SCELTE_DEI_FILTRI

        contenuti.registra()
        versioni.segui(SCELTE_DEI_FILTRI, models.Tema)
        versioni.segui(
            SCHEDE_ACCORDI,
            models.Accordo,
            models.Accordo.quartieri.through,
            models.Accordo.temi.through,
            models.TransizioneAccordo,
            models.IncontroLaboratorio,
            models.Firmatario,
            models.Progetto,
            models.Indicatore,
            models.AggiornamentoProgetto,
            models.ValoreIndicatore,
            models.Tema,
            models.IscrizioneRegistro,
            quartieri.Comune,
            quartieri.AmbitoTerritoriale,
            quartieri.Quartiere,
            quartieri.Luogo,
            quartieri.Ente,
        )
        # enti_nel_registro(): approved requests, or a signature of a public agreement.
        versioni.segui(
            REGISTRO_ENTI,
            models.Accordo,
            models.Firmatario,
            models.IscrizioneRegistro,
            quartieri.Ente,
            quartieri.Ente.settori.through,
            quartieri.Quartiere,
            quartieri.Settore,
        )
        # Citizens who signed with their account, the architetto di quartiere: their names.
        versioni.segui(
            SCHEDE_ACCORDI, get_user_model(), campi=frozenset({"first_name", "last_name"})
        )
        versioni.al_rinnovo(SCHEDE_ACCORDI, schede.chiedi_prepara_schede)

        registra_dataset(
            titolo=_("Accordi di cittadinanza"),
            descrizione=_(
                "Gli accordi dalla proposta condivisa in poi: stato, quartieri, temi, date, "
                "numeri di progetti e firmatari, ore di collaborazione e abitanti raggiunti. "
                "I cittadini che non hanno acconsentito a essere nominati sono solo contati."
            ),
            download=[
                ("CSV", "accordi:open_data_accordi_csv"),
                ("JSON", "accordi:open_data_accordi_json"),
            ],
        )
        registra_dataset(
            titolo=_("Progetti degli accordi di cittadinanza"),
            descrizione=_(
                "Le schede progetto: famiglia, tema, luogo, partner, ore previste, contributo "
                "del Comune, stato, ore di collaborazione e abitanti raggiunti."
            ),
            download=[
                ("CSV", "accordi:open_data_progetti_csv"),
                ("JSON", "accordi:open_data_progetti_json"),
            ],
        )
        registra_dataset(
            titolo=_("Registro degli enti"),
            descrizione=_(
                "Gli enti del registro della città collaborativa: forma giuridica, sezione "
                "RUNTS, settori, quartiere; i contatti solo se l'ente ha acconsentito."
            ),
            download=[
                ("CSV", "accordi:open_data_enti_csv"),
                ("JSON", "accordi:open_data_enti_json"),
            ],
        )
