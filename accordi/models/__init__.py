from accordi.models.accordi import (
    TRANSIZIONI,
    Accordo,
    Firmatario,
    IncontroLaboratorio,
    StatoAccordo,
    StatoSecondoLeDate,
    Tema,
    TransizioneAccordo,
)
from accordi.models.progetti import (
    AggiornamentoProgetto,
    Indicatore,
    Progetto,
    ValoreIndicatore,
)
from accordi.models.registro import IscrizioneRegistro, enti_nel_registro

__all__ = [
    "TRANSIZIONI",
    "Accordo",
    "AggiornamentoProgetto",
    "Firmatario",
    "IncontroLaboratorio",
    "Indicatore",
    "IscrizioneRegistro",
    "Progetto",
    "StatoAccordo",
    "StatoSecondoLeDate",
    "Tema",
    "TransizioneAccordo",
    "ValoreIndicatore",
    "enti_nel_registro",
]
