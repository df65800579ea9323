from volontari.models.opportunita import GIORNI, Opportunita, Polizza
from volontari.models.ore import OreVolontariato
from volontari.models.percorso import Candidatura, Incarico
from volontari.models.profilo import Cancellazione, Volontario

__all__ = [
    "GIORNI",
    "Cancellazione",
    "Candidatura",
    "Incarico",
    "OreVolontariato",
    "Opportunita",
    "Polizza",
    "Volontario",
]
