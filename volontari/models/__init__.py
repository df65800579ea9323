from volontari.models.opportunita import GIORNI, Opportunita, Polizza
from volontari.models.ore import OreVolontariato
from volontari.models.percorso import Candidatura, Incarico
from volontari.models.profilo import Volontario

__all__ = [
    "GIORNI",
    "Candidatura",
    "Incarico",
    "OreVolontariato",
    "Opportunita",
    "Polizza",
    "Volontario",
]
