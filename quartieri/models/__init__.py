from quartieri.models.enti import Ente, Settore
from quartieri.models.luoghi import EccezioneOrario, FasciaOraria, Luogo
from quartieri.models.servizi import CategoriaServizio, FasciaOrariaServizio, Servizio
from quartieri.models.territorio import AmbitoTerritoriale, Comune, Quartiere

__all__ = [
    "AmbitoTerritoriale",
    "CategoriaServizio",
    "Comune",
    "EccezioneOrario",
    "Ente",
    "FasciaOraria",
    "FasciaOrariaServizio",
    "Luogo",
    "Quartiere",
    "Servizio",
    "Settore",
]
