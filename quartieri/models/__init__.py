from quartieri.models.assistenza import Faq, GruppoFaq, Segnalazione
from quartieri.models.attivita import (
    Attivita,
    ContattoSportello,
    Iscrizione,
    Occorrenza,
    Resoconto,
)
from quartieri.models.enti import Ente, Settore
from quartieri.models.luoghi import EccezioneOrario, FasciaOraria, Luogo
from quartieri.models.novita import Novita
from quartieri.models.partecipazione import (
    Membro,
    Organismo,
    Patto,
    Richiesta,
    Riunione,
    SollecitoInviato,
)
from quartieri.models.servizi import (
    CategoriaModello,
    CategoriaServizio,
    FasciaOrariaServizio,
    Servizio,
)
from quartieri.models.territorio import AmbitoTerritoriale, Comune, Quartiere

__all__ = [
    "AmbitoTerritoriale",
    "Attivita",
    "ContattoSportello",
    "Iscrizione",
    "Occorrenza",
    "Resoconto",
    "CategoriaModello",
    "CategoriaServizio",
    "Faq",
    "GruppoFaq",
    "Segnalazione",
    "Comune",
    "EccezioneOrario",
    "Ente",
    "FasciaOraria",
    "FasciaOrariaServizio",
    "Luogo",
    "Membro",
    "Novita",
    "Organismo",
    "Patto",
    "Richiesta",
    "Riunione",
    "SollecitoInviato",
    "Quartiere",
    "Servizio",
    "Settore",
]
